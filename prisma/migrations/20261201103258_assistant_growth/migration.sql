-- AlterTable
ALTER TABLE "SupportQuestion" ADD COLUMN     "nearestEntryId" TEXT,
ADD COLUMN     "reason" TEXT,
ADD COLUMN     "urgent" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "KnowledgeEntry" ADD COLUMN     "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- CreateTable
CREATE TABLE "AnswerFeedback" (
    "id" TEXT NOT NULL,
    "entryId" TEXT NOT NULL,
    "helped" BOOLEAN NOT NULL,
    "language" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AnswerFeedback_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AnswerFeedback_entryId_idx" ON "AnswerFeedback"("entryId");

-- CreateIndex
CREATE INDEX "SupportQuestion_nearestEntryId_idx" ON "SupportQuestion"("nearestEntryId");

-- CreateIndex
CREATE INDEX "KnowledgeEntry_updatedAt_idx" ON "KnowledgeEntry"("updatedAt");

