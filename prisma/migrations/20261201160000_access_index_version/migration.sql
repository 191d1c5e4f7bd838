-- DropIndex
DROP INDEX "access_index_customers_store_id_last_name_first_name_custom_idx";

-- DropIndex
DROP INDEX "access_index_customers_store_id_list_key_last_name_first_na_idx";

-- CreateTable
CREATE TABLE "access_index_versions" (
    "store_id" INTEGER NOT NULL,
    "version" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "access_index_versions_pkey" PRIMARY KEY ("store_id")
);

-- CreateIndex
CREATE INDEX "access_index_customers_store_id_last_name_customer_id_idx" ON "access_index_customers"("store_id", "last_name", "customer_id");

-- CreateIndex
CREATE INDEX "access_index_customers_store_id_list_key_last_name_customer_idx" ON "access_index_customers"("store_id", "list_key", "last_name", "customer_id");

-- CreateIndex
CREATE INDEX "access_index_customers_store_id_date_created_customer_id_idx" ON "access_index_customers"("store_id", "date_created", "customer_id");

-- CreateIndex
CREATE INDEX "access_index_customers_store_id_date_modified_customer_id_idx" ON "access_index_customers"("store_id", "date_modified", "customer_id");

-- AddForeignKey
ALTER TABLE "access_index_versions" ADD CONSTRAINT "access_index_versions_store_id_fkey" FOREIGN KEY ("store_id") REFERENCES "stores"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- The index's content version (access_index_versions): bumped once per statement that changes a store's customers or
-- channels, by statement-level triggers fed by the transition tables. An UPDATE counts only when some row's content
-- changed (everything but read_at): re-reading an unchanged customer keeps the version, so an open page re-reads its
-- list only when there is something new to show. Deletes only bump an existing row (never re-create the version of a
-- store being deleted). The triggers are named to fire before the per-list count triggers (same lock order for
-- every writer: the changed rows, then the version, then the lists). (Plain SQL: Prisma's schema has no triggers.)
CREATE FUNCTION "access_index_bump_versions"("changed" INTEGER[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO "access_index_versions" AS v ("store_id", "version")
  SELECT DISTINCT s, 1 FROM unnest("changed") AS s ORDER BY 1
  ON CONFLICT ("store_id") DO UPDATE SET "version" = v."version" + 1;
$$;

-- One function for both tables: TG_ARGV[0] names the table's own key column (customer_id, channel_id).
CREATE FUNCTION "access_index_content_version"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  "changed" INTEGER[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    "changed" := ARRAY(SELECT DISTINCT "store_id" FROM "new_rows");
  ELSIF TG_OP = 'UPDATE' THEN
    EXECUTE format(
      'SELECT ARRAY(SELECT DISTINCT n.store_id FROM new_rows n JOIN old_rows o USING (store_id, %I)
         WHERE to_jsonb(n) - ''read_at'' IS DISTINCT FROM to_jsonb(o) - ''read_at'')', TG_ARGV[0]) INTO "changed";
  ELSE
    UPDATE "access_index_versions" SET "version" = "version" + 1
    WHERE "store_id" IN (SELECT DISTINCT "store_id" FROM "old_rows");
    RETURN NULL;
  END IF;
  PERFORM "access_index_bump_versions"("changed");
  RETURN NULL;
END
$$;

CREATE TRIGGER "access_index_customers_a_version_insert" AFTER INSERT ON "access_index_customers"
  REFERENCING NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "access_index_content_version"('customer_id');
CREATE TRIGGER "access_index_customers_a_version_update" AFTER UPDATE ON "access_index_customers"
  REFERENCING OLD TABLE AS "old_rows" NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "access_index_content_version"('customer_id');
CREATE TRIGGER "access_index_customers_a_version_delete" AFTER DELETE ON "access_index_customers"
  REFERENCING OLD TABLE AS "old_rows" FOR EACH STATEMENT EXECUTE FUNCTION "access_index_content_version"('customer_id');
CREATE TRIGGER "access_index_channels_a_version_insert" AFTER INSERT ON "access_index_channels"
  REFERENCING NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "access_index_content_version"('channel_id');
CREATE TRIGGER "access_index_channels_a_version_update" AFTER UPDATE ON "access_index_channels"
  REFERENCING OLD TABLE AS "old_rows" NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "access_index_content_version"('channel_id');
CREATE TRIGGER "access_index_channels_a_version_delete" AFTER DELETE ON "access_index_channels"
  REFERENCING OLD TABLE AS "old_rows" FOR EACH STATEMENT EXECUTE FUNCTION "access_index_content_version"('channel_id');
