import type { PlaywrightTestConfig } from "@playwright/test";

/**
 * What both Playwright suites share: Debian's Chromium (Playwright cannot download its own
 * browser on this network), one worker, and the timeouts the real clerk-js needs.
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
        executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
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
