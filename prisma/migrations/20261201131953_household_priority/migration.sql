-- AlterTable
ALTER TABLE "Intake" ADD COLUMN     "priority" INTEGER NOT NULL DEFAULT 0;

