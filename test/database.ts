// Fresh databases for integration tests: a temp PGlite folder with the migrations applied (fast, in-process),
// or `prisma migrate deploy` against any DATABASE_URL (what production runs).
import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const root = join(import.meta.dirname, "..");
const migrationsDir = join(root, "prisma", "migrations");

export async function migrationSql(): Promise<string[]> {
  const names = (await readdir(migrationsDir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  return Promise.all(names.map((name) => readFile(join(migrationsDir, name, "migration.sql"), "utf8")));
}

/** A temp PGlite folder with every migration's SQL executed in order. Returns its `file:` URL. */
export async function freshPglite(): Promise<{ url: string; dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "channel-access-db-"));
  const { PGlite } = await import("@electric-sql/pglite");
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  const db = new PGlite(dir, { extensions: { pg_trgm } });
  for (const sql of await migrationSql()) await db.exec(sql);
  await db.close();
  return { url: `file:${dir}`, dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Runs `prisma migrate deploy` against the URL, as `npm start` does. */
export async function migrateDeploy(url: string): Promise<string> {
  const { stdout } = await promisify(execFile)("npx", ["prisma", "migrate", "deploy"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url },
    timeout: 120_000,
  });
  return stdout;
}
