-- CSV import (issue 13): a dry run stages the file's refused and changing rows; running it is a bulk job over them.
-- CreateEnum
CREATE TYPE "import_row_outcome" AS ENUM ('refused', 'change');

-- AlterEnum
ALTER TYPE "activity_source" ADD VALUE 'csv_import';

-- CreateTable
CREATE TABLE "access_imports" (
    "id" SERIAL NOT NULL,
    "store_id" INTEGER NOT NULL,
    "created_by_bc_user_id" INTEGER NOT NULL,
    "created_by_email" TEXT NOT NULL,
    "file_name" TEXT NOT NULL,
    "summary" JSONB NOT NULL,
    "job_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "access_imports_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "access_import_rows" (
    "import_id" INTEGER NOT NULL,
    "row" INTEGER NOT NULL,
    "customer_id" INTEGER,
    "outcome" "import_row_outcome" NOT NULL,
    "before" TEXT,
    "target" TEXT,
    "reason" TEXT,
    "message" TEXT,
    "candidates" INTEGER[],
    "email" TEXT,

    CONSTRAINT "access_import_rows_pkey" PRIMARY KEY ("import_id","row")
);

-- CreateIndex
CREATE UNIQUE INDEX "access_imports_job_id_key" ON "access_imports"("job_id");

-- CreateIndex
CREATE INDEX "access_imports_store_id_created_at_idx" ON "access_imports"("store_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "access_imports_expires_at_idx" ON "access_imports"("expires_at");

-- CreateIndex
CREATE INDEX "access_import_rows_import_id_customer_id_idx" ON "access_import_rows"("import_id", "customer_id");

-- AddForeignKey
ALTER TABLE "access_imports" ADD CONSTRAINT "access_imports_store_id_fkey" FOREIGN KEY ("store_id") REFERENCES "stores"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "access_imports" ADD CONSTRAINT "access_imports_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "bulk_jobs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "access_import_rows" ADD CONSTRAINT "access_import_rows_import_id_fkey" FOREIGN KEY ("import_id") REFERENCES "access_imports"("id") ON DELETE CASCADE ON UPDATE CASCADE;



-- An import row that names its customer by email alone is looked up case-insensitively (email is unique per channel only).
CREATE INDEX "access_index_customers_store_id_lower_email_idx" ON "access_index_customers"("store_id", lower("email"));
