-- The name/email search of the access index (a trigram index); pg_trgm ships with PostgreSQL (contrib) and PGlite.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateEnum
CREATE TYPE "access_index_status" AS ENUM ('empty', 'syncing', 'ready', 'failed');

-- CreateTable
CREATE TABLE "access_index_customers" (
    "store_id" INTEGER NOT NULL,
    "customer_id" INTEGER NOT NULL,
    "email" TEXT NOT NULL,
    "first_name" TEXT NOT NULL,
    "last_name" TEXT NOT NULL,
    "company" TEXT NOT NULL,
    "customer_group_id" INTEGER NOT NULL,
    "origin_channel_id" INTEGER NOT NULL,
    "channel_ids" INTEGER[],
    "list_key" TEXT NOT NULL,
    "search_text" TEXT NOT NULL,
    "date_created" TIMESTAMPTZ(3) NOT NULL,
    "date_modified" TIMESTAMPTZ(3) NOT NULL,
    "read_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "access_index_customers_pkey" PRIMARY KEY ("store_id","customer_id")
);

-- CreateTable
CREATE TABLE "access_index_lists" (
    "store_id" INTEGER NOT NULL,
    "list_key" TEXT NOT NULL,
    "customers" INTEGER NOT NULL,

    CONSTRAINT "access_index_lists_pkey" PRIMARY KEY ("store_id","list_key")
);

-- CreateTable
CREATE TABLE "access_index_channels" (
    "store_id" INTEGER NOT NULL,
    "channel_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "type" TEXT,
    "platform" TEXT,
    "status" TEXT,
    "allow_global_logins" BOOLEAN,
    "inherited" BOOLEAN NOT NULL DEFAULT false,
    "read_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "access_index_channels_pkey" PRIMARY KEY ("store_id","channel_id")
);

-- CreateTable
CREATE TABLE "access_index_states" (
    "store_id" INTEGER NOT NULL,
    "status" "access_index_status" NOT NULL DEFAULT 'empty',
    "checkpoint" JSONB,
    "expected_customers" INTEGER,
    "customers_read" INTEGER NOT NULL DEFAULT 0,
    "sync_started_at" TIMESTAMPTZ(3),
    "sync_completed_at" TIMESTAMPTZ(3),
    "last_sweep_at" TIMESTAMPTZ(3),
    "last_change_at" TIMESTAMPTZ(3),
    "error" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "access_index_states_pkey" PRIMARY KEY ("store_id")
);

-- CreateIndex
CREATE INDEX "access_index_customers_store_id_last_name_first_name_custom_idx" ON "access_index_customers"("store_id", "last_name", "first_name", "customer_id");

-- CreateIndex
CREATE INDEX "access_index_customers_store_id_list_key_last_name_first_na_idx" ON "access_index_customers"("store_id", "list_key", "last_name", "first_name", "customer_id");

-- CreateIndex
CREATE INDEX "access_index_customers_search_text_idx" ON "access_index_customers" USING GIN ("search_text" gin_trgm_ops);

-- AddForeignKey
ALTER TABLE "access_index_customers" ADD CONSTRAINT "access_index_customers_store_id_fkey" FOREIGN KEY ("store_id") REFERENCES "stores"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "access_index_lists" ADD CONSTRAINT "access_index_lists_store_id_fkey" FOREIGN KEY ("store_id") REFERENCES "stores"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "access_index_channels" ADD CONSTRAINT "access_index_channels_store_id_fkey" FOREIGN KEY ("store_id") REFERENCES "stores"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "access_index_states" ADD CONSTRAINT "access_index_states_store_id_fkey" FOREIGN KEY ("store_id") REFERENCES "stores"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- The per-list counts (access_index_lists) follow every write to access_index_customers: one statement-level trigger
-- per event, fed by the statement's transition tables, so a page of 250 upserts costs one aggregate, not 250 updates.
-- Keys are added in sorted order so concurrent writers of one store lock them in the same order. (Plain SQL: Prisma's
-- schema does not describe triggers, so later migrations leave them alone.)
CREATE FUNCTION "access_index_add_lists"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "access_index_lists" AS l ("store_id", "list_key", "customers")
  SELECT "store_id", "list_key", count(*)::int FROM "new_rows" GROUP BY 1, 2 ORDER BY 1, 2
  ON CONFLICT ("store_id", "list_key") DO UPDATE SET "customers" = l."customers" + excluded."customers";
  RETURN NULL;
END
$$;

CREATE FUNCTION "access_index_move_lists"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "access_index_lists" AS l ("store_id", "list_key", "customers")
  SELECT "store_id", "list_key", sum("n")::int FROM (
    SELECT "store_id", "list_key", 1 AS "n" FROM "new_rows"
    UNION ALL
    SELECT "store_id", "list_key", -1 FROM "old_rows"
  ) AS d
  GROUP BY 1, 2 HAVING sum("n") <> 0 ORDER BY 1, 2
  ON CONFLICT ("store_id", "list_key") DO UPDATE SET "customers" = l."customers" + excluded."customers";
  DELETE FROM "access_index_lists" WHERE "customers" = 0 AND "store_id" IN (SELECT DISTINCT "store_id" FROM "old_rows");
  RETURN NULL;
END
$$;

CREATE FUNCTION "access_index_remove_lists"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Subtract only: never re-create the counts of a store being deleted.
  UPDATE "access_index_lists" AS l SET "customers" = l."customers" - d."n"
  FROM (SELECT "store_id", "list_key", count(*)::int AS "n" FROM "old_rows" GROUP BY 1, 2) AS d
  WHERE l."store_id" = d."store_id" AND l."list_key" = d."list_key";
  DELETE FROM "access_index_lists" WHERE "customers" = 0 AND "store_id" IN (SELECT DISTINCT "store_id" FROM "old_rows");
  RETURN NULL;
END
$$;

CREATE TRIGGER "access_index_customers_insert_lists" AFTER INSERT ON "access_index_customers"
  REFERENCING NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "access_index_add_lists"();
CREATE TRIGGER "access_index_customers_update_lists" AFTER UPDATE ON "access_index_customers"
  REFERENCING OLD TABLE AS "old_rows" NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "access_index_move_lists"();
CREATE TRIGGER "access_index_customers_delete_lists" AFTER DELETE ON "access_index_customers"
  REFERENCING OLD TABLE AS "old_rows" FOR EACH STATEMENT EXECUTE FUNCTION "access_index_remove_lists"();
