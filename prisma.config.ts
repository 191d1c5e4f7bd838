import { defineConfig } from "prisma/config";

// Prisma's native schema engine cannot be downloaded here; a WASM-backed stand-in speaks its protocol.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= "prisma/schema-engine.mjs";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "file:./.pglite" },
});
