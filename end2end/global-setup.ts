import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { BASE_URL } from "./playwright.config";

/**
 * Before any test: the server answers, it runs the local Clerk instance (the tests sign up users
 * and call its Backend API), and the tests know that instance's secret key.
 *
 * `scripts/test` starts a throwaway server and passes BASE_URL and CLERK_SECRET_KEY.
 * `cargo leptos end-to-end` starts the app at the same moment as this, on Cargo.toml's
 * site-addr, with the development instance (data in `.clerk_local/`): wait for it, and read the
 * key from there.
 */
export default async function globalSetup(): Promise<void> {
  await waitForServer(`${BASE_URL}/healthz`, 180_000);
  const environment = await fetch(`${BASE_URL}/__clerk/v1/environment`);
  if (!environment.ok) {
    throw new Error(
      `The end-to-end tests need the local Clerk instance, but the server at ${BASE_URL} has none ` +
        `(${environment.status} from /__clerk/v1/environment): Clerk keys in .env select real ` +
        "Clerk. Run `CLERK_LOCAL=1 cargo leptos end-to-end` (or scripts/test).",
    );
  }
  if (!process.env.CLERK_SECRET_KEY) {
    const dataDir = process.env.CLERK_LOCAL_DATA_DIR ?? resolve(__dirname, "../.clerk_local");
    const stateFile = resolve(dataDir, "state.json");
    if (!existsSync(stateFile)) {
      throw new Error(`No ${stateFile}: set CLERK_LOCAL_DATA_DIR to the local instance's data folder`);
    }
    // Workers inherit what global setup puts into the environment. The file keeps the key as
    // sk_live_…; a development instance (CLERK_LOCAL_INSTANCE_TYPE) answers to it as sk_test_….
    const stored: string = JSON.parse(readFileSync(stateFile, "utf8")).secret_key;
    const type = (await environment.json()).display_config?.instance_environment_type;
    process.env.CLERK_SECRET_KEY = type === "development" ? stored.replace(/^sk_live_/, "sk_test_") : stored;
  }
}

async function waitForServer(url: string, limitMs: number): Promise<void> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${limitMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
