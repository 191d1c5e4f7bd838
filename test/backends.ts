// The two databases the app supports, for `describe.each`: a temp embedded PGlite folder, and a throwaway
// PostgreSQL server (test/postgres.ts) unless SKIP_POSTGRES=1.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
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
