import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// Boundaries, enforced here rather than by comments. A file matched by several `no-restricted-imports` blocks gets
// the last one's options only (flat config), so each block lists every boundary its files keep.
const modules = (...paths) => paths.flatMap((p) => [`@/${p}`, `@/${p}/*`, `**/${p}`, `**/${p}/*`]);

const TEST_AND_SANDBOX = {
  group: [...modules("test", "sandbox"), "../test", "../test/*", "../sandbox", "../sandbox/*"],
  message: "App code never imports the tests' kits or the sandbox: they are not part of the product.",
};
const CLIENT = {
  group: [...modules("lib/client"), "../client", "../client/*"],
  message: "Server code never imports lib/client (the browser's code): shared values and types live in lib/contract.",
};
const SERVER_MODULES = ["bigcommerce", "jobs", "auth", "db", "session", "store-access", "stores", "crypto", "env", "api"];
const SERVER = {
  group: [...modules(...SERVER_MODULES.map((m) => `lib/${m}`)), ...SERVER_MODULES.flatMap((m) => [`../${m}`, `../${m}/*`]), "server-only"],
  message: "The browser's code (lib/client, lib/contract, components) never imports a server module.",
};
const LIB = {
  group: [...modules("lib", "components", "app")],
  message: "The sandbox stands in for BigCommerce and imports nothing of the app.",
};
const restrict = (...patterns) => ["error", { patterns }];

const TESTS = ["**/*.test.ts", "**/*.test.tsx"];
const SERVER_CODE = ["lib/**", "app/api/**", "app/first-view.ts", "proxy.ts", "instrumentation.ts"];
const BROWSER_CODE = ["lib/client/**", "lib/contract/**", "components/**"];

const config = [
  { ignores: [".next/**", "node_modules/**", "lib/generated/**", "lib/bigcommerce/generated/**", "sandbox/generated/**", "test-results/**", "playwright-report/**", ".pglite*/**", "next-env.d.ts", ".dev/**"] },
  ...nextVitals,
  ...nextTs,
  // (1) lib/, components/ and app/ never import test/ or sandbox/; their tests may.
  { files: ["lib/**", "components/**", "app/**"], ignores: TESTS, rules: { "no-restricted-imports": restrict(TEST_AND_SANDBOX) } },
  // (2) server code never imports lib/client.
  { files: SERVER_CODE, ignores: TESTS, rules: { "no-restricted-imports": restrict(TEST_AND_SANDBOX, CLIENT) } },
  { files: ["lib/**/*.test.{ts,tsx}", "app/api/**/*.test.{ts,tsx}"], rules: { "no-restricted-imports": restrict(CLIENT) } },
  // (3) lib/client, lib/contract and components never import server modules.
  { files: BROWSER_CODE, ignores: TESTS, rules: { "no-restricted-imports": restrict(TEST_AND_SANDBOX, SERVER) } },
  { files: BROWSER_CODE.map((dir) => `${dir}/*.test.{ts,tsx}`), rules: { "no-restricted-imports": restrict(SERVER) } },
  // The sandbox imports nothing of the app (its tests drive the app through test/).
  { files: ["sandbox/**"], ignores: TESTS, rules: { "no-restricted-imports": restrict(LIB) } },
  // The contract's zod-free half, which the browser's first bundle imports: zod's types only, never its code.
  {
    files: ["lib/contract/shared.ts", "lib/contract/session.ts", "lib/contract/errors.ts", "lib/contract/issues.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          paths: [{ name: "zod", allowTypeImports: true, message: "This module is in the browser's first bundle: import zod's types only." }],
          patterns: [{ group: ["./access", "./bulk", "./store-hash"], allowTypeImports: true, message: "Those modules run zod; import their types only." }],
        },
      ],
    },
  },
  // Functions in lib/ stay short enough to read at once.
  { files: ["lib/**/*.ts"], ignores: TESTS, rules: { "max-lines-per-function": ["error", { max: 79 }] } },
];

export default config;
