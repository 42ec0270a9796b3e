-- CreateTable
CREATE TABLE "PreArrival" (
    "id" TEXT NOT NULL,
    "intakeId" TEXT NOT NULL,
    "members" JSONB NOT NULL DEFAULT '[]',
    "phone" TEXT,
    "confirmedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PreArrival_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StaffDigest" (
    "id" TEXT NOT NULL,
    "periodStart" TIMESTAMP(3) NOT NULL,
    "periodEnd" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StaffDigest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PreArrival_intakeId_key" ON "PreArrival"("intakeId");

-- CreateIndex
CREATE UNIQUE INDEX "StaffDigest_periodEnd_key" ON "StaffDigest"("periodEnd");

-- AddForeignKey
ALTER TABLE "PreArrival" ADD CONSTRAINT "PreArrival_intakeId_fkey" FOREIGN KEY ("intakeId") REFERENCES "Intake"("id") ON DELETE CASCADE ON UPDATE CASCADE;

