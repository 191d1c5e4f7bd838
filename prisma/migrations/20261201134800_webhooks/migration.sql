-- CreateEnum
CREATE TYPE "webhook_hint_kind" AS ENUM ('customer', 'channels');

-- CreateTable
CREATE TABLE "webhook_registrations" (
    "store_id" INTEGER NOT NULL,
    "secret" TEXT NOT NULL,
    "ensured_at" TIMESTAMPTZ(3),
    "last_delivery_at" TIMESTAMPTZ(3),
    "last_processed_at" TIMESTAMPTZ(3),
    "failures" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "last_failure_at" TIMESTAMPTZ(3),

    CONSTRAINT "webhook_registrations_pkey" PRIMARY KEY ("store_id")
);

-- CreateTable
CREATE TABLE "webhook_hints" (
    "id" SERIAL NOT NULL,
    "store_id" INTEGER NOT NULL,
    "kind" "webhook_hint_kind" NOT NULL,
    "object_id" INTEGER NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "due_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lease_owner" TEXT,
    "lease_expires_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "webhook_hints_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "webhook_hints_due_at_idx" ON "webhook_hints"("due_at");

-- CreateIndex
CREATE UNIQUE INDEX "webhook_hints_store_id_kind_object_id_key" ON "webhook_hints"("store_id", "kind", "object_id");

-- AddForeignKey
ALTER TABLE "webhook_registrations" ADD CONSTRAINT "webhook_registrations_store_id_fkey" FOREIGN KEY ("store_id") REFERENCES "stores"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "webhook_hints" ADD CONSTRAINT "webhook_hints_store_id_fkey" FOREIGN KEY ("store_id") REFERENCES "stores"("id") ON DELETE CASCADE ON UPDATE CASCADE;


