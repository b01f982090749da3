import { defineConfig } from "@playwright/test";

// Contract tests for the local Clerk instance. scripts/test-local-instance starts the standalone
// `clerk_local` binary (fresh data folder, the settings in Leptos.toml) before this runs.
export const BASE_URL = process.env.BASE_URL ?? "http://127.0.0.1:3500";

export default defineConfig({
  testDir: "./tests",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  // Under end2end/test-results/, which git ignores.
  outputDir: "../test-results/local-instance",
  use: {
    baseURL: BASE_URL,
    trace: "retain-on-failure",
    launchOptions: {
      // Debian's Chromium: Playwright cannot download its own browser on this network.
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
});
