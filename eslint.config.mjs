import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  { ignores: [".next/**", "node_modules/**", "lib/generated/**", "lib/bigcommerce/generated/**", "sandbox/generated/**", "test-results/**", "playwright-report/**", ".pglite*/**", "next-env.d.ts"] },
  ...nextVitals,
  ...nextTs,
];

export default config;
