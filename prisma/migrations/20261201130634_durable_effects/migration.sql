-- AlterEnum
ALTER TYPE "DeliveryStatus" ADD VALUE 'unknown';

-- AlterTable
ALTER TABLE "Round" ADD COLUMN     "offersSentAt" TIMESTAMP(3),
ADD COLUMN     "reportedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Offer" ADD COLUMN     "announcedAt" TIMESTAMP(3),
ADD COLUMN     "remindAt" TIMESTAMP(3),
ADD COLUMN     "remindedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Delivery" ADD COLUMN     "sender" TEXT;

-- CreateTable
CREATE TABLE "WorkerLease" (
    "id" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "heartbeatAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WorkerLease_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Offer_status_remindAt_idx" ON "Offer"("status", "remindAt");


-- Rows from before this migration: their effects happened already (or will by their jobs), so none
-- of them is taken for work still to do. Open offers keep their reminder through their job.
UPDATE "Round" SET "reportedAt" = "updatedAt" WHERE status IN ('computed', 'approved', 'discarded');
UPDATE "Round" SET "offersSentAt" = COALESCE("approvedAt", "updatedAt") WHERE status = 'approved';
UPDATE "Offer" SET "announcedAt" = COALESCE("answeredAt", now()) WHERE status = 'accepted';
