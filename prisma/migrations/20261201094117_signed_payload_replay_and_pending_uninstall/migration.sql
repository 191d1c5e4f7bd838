-- CreateEnum
CREATE TYPE "signed_payload_callback" AS ENUM ('load', 'uninstall', 'remove_user');

-- CreateTable
CREATE TABLE "used_signed_payloads" (
    "store_hash" TEXT NOT NULL,
    "jti" TEXT NOT NULL,
    "callback" "signed_payload_callback" NOT NULL,
    "bc_user_id" INTEGER NOT NULL,
    "used_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "used_signed_payloads_pkey" PRIMARY KEY ("store_hash","jti")
);

-- CreateTable
CREATE TABLE "pending_uninstalls" (
    "store_id" INTEGER NOT NULL,
    "requested_by_bc_user_id" INTEGER NOT NULL,
    "requested_by_email" TEXT NOT NULL,
    "requested_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "checks" INTEGER NOT NULL DEFAULT 0,
    "next_check_at" TIMESTAMP(3) NOT NULL,
    "last_result" TEXT NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "pending_uninstalls_pkey" PRIMARY KEY ("store_id")
);

-- CreateIndex
CREATE INDEX "used_signed_payloads_expires_at_idx" ON "used_signed_payloads"("expires_at");

-- CreateIndex
CREATE INDEX "pending_uninstalls_next_check_at_idx" ON "pending_uninstalls"("next_check_at");

-- AddForeignKey
ALTER TABLE "pending_uninstalls" ADD CONSTRAINT "pending_uninstalls_store_id_fkey" FOREIGN KEY ("store_id") REFERENCES "stores"("id") ON DELETE CASCADE ON UPDATE CASCADE;
