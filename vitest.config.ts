import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const alias = {
  "@": fileURLToPath(new URL(".", import.meta.url)),
  // `server-only` throws outside a React Server environment; tests run server code directly.
  "server-only": fileURLToPath(new URL("./test/server-only.ts", import.meta.url)),
};

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["lib/**/*.test.ts", "components/**/*.test.ts?(x)", "sandbox/**/*.unit.test.ts", "scripts/**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "**/node_modules/**"],
          environment: "node",
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["**/*.int.test.ts"],
          exclude: ["**/node_modules/**", "e2e/**"],
          environment: "node",
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // PGlite admits one process per data folder, and the sandbox ports are per-file.
          fileParallelism: false,
        },
      },
    ],
  },
});
