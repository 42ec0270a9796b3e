-- AlterTable
ALTER TABLE "User" ADD COLUMN     "eraseNonce" TEXT,
ADD COLUMN     "eraseRequestedAt" TIMESTAMP(3),
ADD COLUMN     "lastActiveAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "retentionRemindedAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "User_lastActiveAt_idx" ON "User"("lastActiveAt");

