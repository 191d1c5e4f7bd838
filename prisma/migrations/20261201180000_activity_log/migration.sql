-- CreateEnum
CREATE TYPE "activity_source" AS ENUM ('cell', 'editor', 'bulk_job', 'switch', 'outside', 'undo', 'storefront_login');

-- CreateEnum
CREATE TYPE "activity_outcome" AS ENUM ('pending', 'changed', 'refused', 'failed', 'conflict');

-- AlterEnum
ALTER TYPE "bulk_outcome" ADD VALUE 'conflict';

-- AlterTable
ALTER TABLE "bulk_jobs" ADD COLUMN     "conflict" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "undo_of_job_id" INTEGER;

-- CreateTable
CREATE TABLE "access_activity" (
    "id" SERIAL NOT NULL,
    "store_id" INTEGER NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "bc_user_id" INTEGER,
    "user_email" TEXT,
    "source" "activity_source" NOT NULL,
    "job_id" INTEGER,
    "undo_of_id" INTEGER,
    "customer_id" INTEGER,
    "channel_id" INTEGER,
    "before" TEXT,
    "after" TEXT,
    "outcome" "activity_outcome",
    "reason" TEXT,

    CONSTRAINT "access_activity_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "access_activity_store_id_at_id_idx" ON "access_activity"("store_id", "at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "access_activity_store_id_customer_id_at_idx" ON "access_activity"("store_id", "customer_id", "at" DESC);

-- CreateIndex
CREATE INDEX "access_activity_store_id_job_id_idx" ON "access_activity"("store_id", "job_id");

-- CreateIndex
CREATE INDEX "access_activity_at_idx" ON "access_activity"("at");

-- AddForeignKey
ALTER TABLE "access_activity" ADD CONSTRAINT "access_activity_store_id_fkey" FOREIGN KEY ("store_id") REFERENCES "stores"("id") ON DELETE CASCADE ON UPDATE CASCADE;


