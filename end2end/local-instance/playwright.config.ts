import { defineConfig } from "@playwright/test";
import { chromiumConfig } from "../chromium";

// Contract tests for the local Clerk instance. scripts/test-local-instance starts the standalone
// `clerk_local` binary (fresh data folder, the settings in Leptos.toml) before this runs.
export const BASE_URL = process.env.BASE_URL ?? "http://127.0.0.1:3500";

export default defineConfig({
  ...chromiumConfig(BASE_URL),
  testDir: "./tests",
  // Under end2end/test-results/, which git ignores.
  outputDir: "../test-results/local-instance",
});
