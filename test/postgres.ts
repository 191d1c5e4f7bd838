// A throwaway PostgreSQL server for tests, from Debian's binaries (apt-get install postgresql).
// initdb into a temp dir, listen on 127.0.0.1 on a free port (socket in the same temp dir), create a database.
import { execFile } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { chown, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { freePort } from "./free-port";

const run = promisify(execFile);

export interface RunningPostgres {
  url: string;
  stop(): Promise<void>;
}

export class PostgresNotFoundError extends Error {
  override name = "PostgresNotFoundError";
}

/** The newest /usr/lib/postgresql/<version>/bin that has initdb, pg_ctl and postgres. */
export function findPostgresBin(): string {
  const base = "/usr/lib/postgresql";
  const versions = existsSync(base) ? readdirSync(base).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  for (const version of versions) {
    const bin = join(base, version, "bin");
    if (["initdb", "pg_ctl", "postgres"].every((tool) => existsSync(join(bin, tool)))) return bin;
  }
  throw new PostgresNotFoundError(
    "PostgreSQL binaries not found under /usr/lib/postgresql/*/bin. Install them with `apt-get install -y postgresql`, or set SKIP_POSTGRES=1 to skip the PostgreSQL half of the tests.",
  );
}


async function postgresUser(): Promise<{ uid: number; gid: number } | null> {
  if (process.getuid?.() !== 0) return null;
  // initdb refuses to run as root: run the tools as the postgres user Debian's package creates.
  const [{ stdout: uid }, { stdout: gid }] = await Promise.all([run("id", ["-u", "postgres"]), run("id", ["-g", "postgres"])]);
  return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
}

export async function startPostgres(): Promise<RunningPostgres> {
  const bin = findPostgresBin();
  const asUser = await postgresUser();
  const dir = await mkdtemp(join(tmpdir(), "channel-access-pg-"));
  const data = join(dir, "data");
  if (asUser) await chown(dir, asUser.uid, asUser.gid);
  const tool = (name: string, args: string[]) =>
    asUser ? run("runuser", ["-u", "postgres", "--", join(bin, name), ...args]) : run(join(bin, name), args);

  const password = "test";
  const pwfile = join(dir, "pwfile");
  await writeFile(pwfile, `${password}\n`);
  if (asUser) await chown(pwfile, asUser.uid, asUser.gid);
  await tool("initdb", ["-D", data, "-U", "postgres", "--auth=scram-sha-256", `--pwfile=${pwfile}`, "-E", "UTF8", "--no-locale"]);

  const port = await freePort();
  const options = `-h 127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c full_page_writes=off -c synchronous_commit=off`;
  const logfile = join(dir, "postgres.log");
  let started = false;
  const stop = async () => {
    // pg_ctl, not a signal to our child: under runuser the signal would not reach postgres.
    if (started) await tool("pg_ctl", ["-D", data, "stop", "-m", "fast", "-w", "-t", "30"]).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  };

  try {
    await tool("pg_ctl", ["-D", data, "-l", logfile, "-o", options, "-w", "-t", "30", "start"]);
    started = true;
    await run(join(bin, "createdb"), ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "channel_access"], {
      env: { ...process.env, PGPASSWORD: password },
    });
  } catch (error) {
    const log = await readFile(logfile, "utf8").catch(() => "");
    await stop();
    throw new Error(`Could not start PostgreSQL: ${(error as Error).message}\n${log.slice(-2000)}`);
  }
  return { url: `postgresql://postgres:${password}@127.0.0.1:${port}/channel_access`, stop };
}
