// The boundaries eslint.config.mjs enforces, checked against sample imports: a rule dropped or mistyped fails here,
// not silently in CI.
import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint();
});

/** The import specifiers that `no-restricted-imports` refuses in a file at `filePath`. */
async function refused(filePath: string, specifiers: string[]): Promise<string[]> {
  const code = specifiers.map((s, i) => `import * as m${i} from "${s}";\nvoid m${i};\n`).join("");
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages
    .filter((m) => m.ruleId === "no-restricted-imports" || m.ruleId === "@typescript-eslint/no-restricted-imports")
    .map((m) => specifiers[Math.floor((m.line - 1) / 2)]!);
}

const SERVER = ["@/lib/db", "@/lib/bigcommerce", "@/lib/stores", "@/lib/session", "../auth/lifecycle", "server-only"];
const KITS = ["@/test/guide-store", "@/sandbox/seed", "../../test/app-harness"];
const CLIENT = ["@/lib/client", "@/lib/client/types", "../client/session-token"];
const SHARED = ["@/lib/access", "@/lib/contract/session", "react"];

describe("import boundaries", { timeout: 60_000 }, () => {
  it("the browser's code imports no server module, test kit or sandbox", async () => {
    for (const file of ["lib/client/x.ts", "lib/contract/x.ts", "components/X/X.tsx"])
      expect(await refused(file, [...SERVER, ...KITS, ...SHARED])).toEqual([...SERVER, ...KITS]);
  });

  it("server code imports neither lib/client nor test kits; its tests may use the kits", async () => {
    for (const file of ["lib/api/x.ts", "app/api/x/route.ts", "proxy.ts", "instrumentation.ts"])
      expect(await refused(file, [...CLIENT, ...KITS, ...SHARED])).toEqual([...CLIENT, ...KITS]);
    expect(await refused("lib/access/x.test.ts", [...CLIENT, ...KITS])).toEqual(CLIENT);
  });

  it("the sandbox imports nothing of the app", async () => {
    expect(await refused("sandbox/x.ts", ["@/lib/access", "@/components/X/X", "../lib/db", "./store"])).toEqual(["@/lib/access", "@/components/X/X", "../lib/db"]);
  });

  it("the contract's zod-free half imports zod's types only", async () => {
    const [result] = await eslint.lintText('import { z } from "zod";\nimport type { ZodError } from "zod";\nexport type T = ZodError | typeof z;\n', { filePath: "lib/contract/session.ts" });
    expect(result!.messages.filter((m) => m.ruleId === "@typescript-eslint/no-restricted-imports").map((m) => m.line)).toEqual([1]);
  });
});
