import { existsSync } from "node:fs";
import type { PlaywrightTestConfig } from "@playwright/test";

/** CHROMIUM_PATH, else Debian's Chromium, else Playwright's own (`npx playwright install chromium`). */
function chromiumPath(): string | undefined {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  return existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined;
}

/**
 * What both Playwright suites share: a Chromium found as `chromiumPath` says (Playwright cannot
 * download its own on every network), one worker, and the timeouts the real clerk-js needs.
 */
export function chromiumConfig(baseURL: string): PlaywrightTestConfig {
  return {
    timeout: 60_000,
    expect: { timeout: 15_000 },
    fullyParallel: false,
    workers: 1,
    retries: 0,
    reporter: [["list"]],
    use: {
      baseURL,
      trace: "retain-on-failure",
      launchOptions: {
        executablePath: chromiumPath(),
        args: [
          "--no-sandbox",
          "--disable-gpu",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
        ],
      },
    },
  };
}
