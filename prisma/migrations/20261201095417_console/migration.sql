-- AlterEnum
ALTER TYPE "IntakeStatus" ADD VALUE 'withdrawn';

-- AlterTable
ALTER TABLE "Intake" ADD COLUMN     "children" INTEGER,
ADD COLUMN     "hasRelatives" BOOLEAN,
ADD COLUMN     "holdReason" TEXT,
ADD COLUMN     "languages" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "needs" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "onHold" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "persons" INTEGER,
ADD COLUMN     "searchText" TEXT,
ADD COLUMN     "withdrawReason" TEXT,
ADD COLUMN     "withdrawnAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "IntakeChange" (
    "id" TEXT NOT NULL,
    "intakeId" TEXT NOT NULL,
    "staffId" TEXT NOT NULL,
    "slot" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IntakeChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LoginToken" (
    "id" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "telegramId" BIGINT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LoginToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StaffSession" (
    "id" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "telegramId" BIGINT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StaffSession_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "IntakeChange_intakeId_createdAt_idx" ON "IntakeChange"("intakeId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "LoginToken_tokenHash_key" ON "LoginToken"("tokenHash");

-- CreateIndex
CREATE UNIQUE INDEX "StaffSession_tokenHash_key" ON "StaffSession"("tokenHash");

-- CreateIndex
CREATE INDEX "StaffSession_telegramId_idx" ON "StaffSession"("telegramId");

-- CreateIndex
CREATE INDEX "Intake_status_submittedAt_idx" ON "Intake"("status", "submittedAt");

-- AddForeignKey
ALTER TABLE "IntakeChange" ADD CONSTRAINT "IntakeChange_intakeId_fkey" FOREIGN KEY ("intakeId") REFERENCES "Intake"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Staff search by text in the answers (ILIKE '%…%') uses a trigram index.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX "Intake_searchText_trgm_idx" ON "Intake" USING gin ("searchText" gin_trgm_ops);
