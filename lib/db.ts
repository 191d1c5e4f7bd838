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
