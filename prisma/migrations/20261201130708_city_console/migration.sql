-- AlterTable
ALTER TABLE "Broadcast" ADD COLUMN     "intakeIds" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "EventRegistration" ADD COLUMN     "attendedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "EventDecline" (
    "eventId" TEXT NOT NULL,
    "intakeId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EventDecline_pkey" PRIMARY KEY ("eventId","intakeId")
);

-- AddForeignKey
ALTER TABLE "EventDecline" ADD CONSTRAINT "EventDecline_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EventDecline" ADD CONSTRAINT "EventDecline_intakeId_fkey" FOREIGN KEY ("intakeId") REFERENCES "Intake"("id") ON DELETE CASCADE ON UPDATE CASCADE;

