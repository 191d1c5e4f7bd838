-- CreateTable
CREATE TABLE "storefront_login_permissions" (
    "membership_id" INTEGER NOT NULL,
    "granted_by_bc_user_id" INTEGER NOT NULL,
    "granted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "storefront_login_permissions_pkey" PRIMARY KEY ("membership_id")
);

-- CreateTable
CREATE TABLE "storefront_login_uses" (
    "id" SERIAL NOT NULL,
    "membership_id" INTEGER NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "storefront_login_uses_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "storefront_login_uses_membership_id_at_idx" ON "storefront_login_uses"("membership_id", "at");

-- AddForeignKey
ALTER TABLE "storefront_login_permissions" ADD CONSTRAINT "storefront_login_permissions_membership_id_fkey" FOREIGN KEY ("membership_id") REFERENCES "store_users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "storefront_login_uses" ADD CONSTRAINT "storefront_login_uses_membership_id_fkey" FOREIGN KEY ("membership_id") REFERENCES "store_users"("id") ON DELETE CASCADE ON UPDATE CASCADE;


