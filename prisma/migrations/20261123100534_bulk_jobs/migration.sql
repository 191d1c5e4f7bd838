-- CreateEnum
CREATE TYPE "bulk_job_status" AS ENUM ('queued', 'running', 'cancelling', 'cancelled', 'done', 'failed');

-- CreateEnum
CREATE TYPE "bulk_outcome" AS ENUM ('pending', 'changed', 'unchanged', 'refused', 'failed', 'skipped');

-- CreateTable
CREATE TABLE "bulk_jobs" (
    "id" SERIAL NOT NULL,
    "store_id" INTEGER NOT NULL,
    "created_by_bc_user_id" INTEGER NOT NULL,
    "created_by_email" TEXT NOT NULL,
    "intent" JSONB NOT NULL,
    "selection" JSONB NOT NULL,
    "customer_ids" INTEGER[],
    "resolved" BOOLEAN NOT NULL DEFAULT false,
    "status" "bulk_job_status" NOT NULL DEFAULT 'queued',
    "total" INTEGER NOT NULL DEFAULT 0,
    "done" INTEGER NOT NULL DEFAULT 0,
    "changed" INTEGER NOT NULL DEFAULT 0,
    "unchanged" INTEGER NOT NULL DEFAULT 0,
    "refused" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "cursor" INTEGER NOT NULL DEFAULT 0,
    "api_calls" INTEGER NOT NULL DEFAULT 0,
    "rate_limited" INTEGER NOT NULL DEFAULT 0,
    "rate_quota" INTEGER,
    "rate_window_ms" INTEGER,
    "active_ms" INTEGER NOT NULL DEFAULT 0,
    "runs" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "retry_of_job_id" INTEGER,
    "lease_owner" TEXT,
    "lease_expires_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMP(3),
    "finished_at" TIMESTAMP(3),
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "bulk_jobs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "bulk_job_results" (
    "job_id" INTEGER NOT NULL,
    "customer_id" INTEGER NOT NULL,
    "before" TEXT,
    "after" TEXT,
    "outcome" "bulk_outcome" NOT NULL,
    "reason" TEXT,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "bulk_job_results_pkey" PRIMARY KEY ("job_id","customer_id")
);

-- CreateIndex
CREATE INDEX "bulk_jobs_status_lease_expires_at_idx" ON "bulk_jobs"("status", "lease_expires_at");

-- CreateIndex
CREATE INDEX "bulk_jobs_store_id_created_at_idx" ON "bulk_jobs"("store_id", "created_at");

-- CreateIndex
CREATE INDEX "bulk_job_results_job_id_outcome_idx" ON "bulk_job_results"("job_id", "outcome");

-- AddForeignKey
ALTER TABLE "bulk_jobs" ADD CONSTRAINT "bulk_jobs_store_id_fkey" FOREIGN KEY ("store_id") REFERENCES "stores"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bulk_job_results" ADD CONSTRAINT "bulk_job_results_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "bulk_jobs"("id") ON DELETE CASCADE ON UPDATE CASCADE;


