// The two databases the app supports, for `describe.each`: a temp embedded PGlite folder, and a throwaway
// PostgreSQL server (test/postgres.ts) unless SKIP_POSTGRES=1.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { createAdapter } from "../prisma/adapter.mjs";
import { migrateDeploy } from "./database";
import { startPostgres } from "./postgres";

export interface TestDatabase {
  url: string;
  stop(): Promise<void>;
}

export function databaseBackends(tempPrefix: string): [string, () => Promise<TestDatabase>][] {
  const pglite = async (): Promise<TestDatabase> => {
    const dir = await mkdtemp(join(tmpdir(), tempPrefix));
    return { url: `file:${dir}`, stop: () => rm(dir, { recursive: true, force: true }) };
  };
  return process.env.SKIP_POSTGRES === "1" ? [["PGlite", pglite]] : [["PGlite", pglite], ["PostgreSQL", startPostgres]];
}

export interface MigratedDatabase {
  url: string;
  db: PrismaClient;
  /**
   * A second app instance's client: its own connection pool on PostgreSQL (`twoInstances`); otherwise `db` itself
   * (PGlite is one in-process database, so two instances share its client).
   */
  other: PrismaClient;
  /** Disconnects the clients, then stops the database. */
  close(): Promise<void>;
}

/** Starts a backend, applies the migrations as `npm start` does (`prisma migrate deploy`), and opens its clients. */
export async function migratedDatabase(start: () => Promise<TestDatabase>, options: { twoInstances?: boolean } = {}): Promise<MigratedDatabase> {
  const backend = await start();
  const open = async () => new PrismaClient({ adapter: await createAdapter(backend.url) });
  try {
    await migrateDeploy(backend.url);
    const db = await open();
    const other = options.twoInstances && !backend.url.startsWith("file:") ? await open() : db;
    const close = async () => {
      await db.$disconnect();
      if (other !== db) await other.$disconnect();
      await backend.stop();
    };
    return { url: backend.url, db, other, close };
  } catch (error) {
    await backend.stop();
    throw error;
  }
}
