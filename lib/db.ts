// The app's one Prisma client, cached on globalThis so Next's dev reloads and tests reuse it.
// DATABASE_URL unset → embedded PGlite in ./.pglite; postgres:// → a PostgreSQL server (prisma/adapter.mjs).
import "server-only";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { createAdapter } from "../prisma/adapter.mjs";

const g = globalThis as unknown as { prisma?: Promise<PrismaClient> };

export const getPrisma = (): Promise<PrismaClient> =>
  (g.prisma ??= createAdapter(process.env.DATABASE_URL || "file:./.pglite").then((adapter) => new PrismaClient({ adapter })));

/** Disconnects and forgets the cached client (tests switching databases). */
export async function disconnectPrisma(): Promise<void> {
  const pending = g.prisma;
  g.prisma = undefined;
  if (pending) await (await pending).$disconnect();
}

/**
 * A write refused because a row it refers to is gone (a store purged by an uninstall meanwhile): Prisma's P2003 for
 * its own queries, P2010 carrying the driver's foreign-key violation (SQLSTATE 23503) for raw ones.
 */
export function isMissingReference(error: unknown): boolean {
  const { code, meta } = (error ?? {}) as { code?: string; meta?: { driverAdapterError?: { cause?: { kind?: string; originalCode?: string } } } };
  if (code === "P2003") return true;
  const cause = meta?.driverAdapterError?.cause;
  return code === "P2010" && (cause?.kind === "ForeignKeyConstraintViolation" || cause?.originalCode === "23503");
}
