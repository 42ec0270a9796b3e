-- AlterTable
ALTER TABLE "Offer" ADD COLUMN     "demand" JSONB,
ADD COLUMN     "persons" INTEGER;

