import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const alias = {
  "@": fileURLToPath(new URL(".", import.meta.url)),
  // `server-only` throws outside a React Server environment; tests run server code directly.
  "server-only": fileURLToPath(new URL("./test/server-only.ts", import.meta.url)),
};

// Next's tsconfig keeps JSX as-is for its own compiler; tests compile it with React's automatic runtime.
const esbuild = { jsx: "automatic" as const };

export default defineConfig({
  resolve: { alias },
  esbuild,
  test: {
    // Integration files start servers and databases; on a 2-core machine they run one at a time.
    fileParallelism: false,
    projects: [
      {
        resolve: { alias },
        esbuild,
        test: {
          name: "unit",
          include: ["lib/**/*.test.ts", "components/**/*.test.ts?(x)", "sandbox/**/*.unit.test.ts", "scripts/**/*.test.ts", "prisma/**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "**/node_modules/**"],
          environment: "node",
          setupFiles: ["test/testing-library.ts"],
        },
      },
      {
        resolve: { alias },
        esbuild,
        test: {
          name: "integration",
          include: ["**/*.int.test.ts"],
          exclude: ["**/node_modules/**", "e2e/**"],
          environment: "node",
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
