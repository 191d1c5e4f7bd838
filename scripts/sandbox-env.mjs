// The environment that points the app at the sandbox store, shared by `npm run dev` and the e2e run,
// so a newcomer needs no accounts and no env editing. A real store is the same variables with real values.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

export const root = join(dirname(new URL(import.meta.url).pathname), "..");

/** Secrets generated on first run and kept out of git, so sessions and stored tokens survive restarts. */
export function localSecrets(file = join(root, ".dev", "secrets.json")) {
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8"));
  const secrets = {
    SESSION_PASSWORD: randomBytes(32).toString("base64url"),
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
  };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2) + "\n", { mode: 0o600 });
  return secrets;
}

/**
 * The control panel runs on 127.0.0.1 and the app on localhost: two sites, like
 * store.mybigcommerce.com framing an app, so cookies and CSP are exercised cross-site.
 */
export function sandboxEnv({ sandboxPort = 4000, appPort = 3000, secrets = localSecrets() } = {}) {
  const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
  const appUrl = `http://localhost:${appPort}`;
  const credentials = {
    clientId: "sandbox-client-id",
    clientSecret: "sandbox-client-secret",
    storeHash: "sandbox1",
    apiToken: "sandbox-api-token",
  };
  return {
    sandboxUrl,
    appUrl,
    sandbox: {
      SANDBOX_PORT: String(sandboxPort),
      SANDBOX_STORE_HASH: credentials.storeHash,
      SANDBOX_CLIENT_ID: credentials.clientId,
      SANDBOX_CLIENT_SECRET: credentials.clientSecret,
      SANDBOX_API_TOKEN: credentials.apiToken,
      SANDBOX_APP_URL: appUrl,
    },
    app: {
      BC_CLIENT_ID: credentials.clientId,
      BC_CLIENT_SECRET: credentials.clientSecret,
      BC_API_URL: sandboxUrl,
      BC_LOGIN_URL: sandboxUrl,
      BC_CONTROL_PANEL_ORIGINS: sandboxUrl,
      APP_URL: appUrl,
      PORT: String(appPort),
      ...secrets,
    },
  };
}
