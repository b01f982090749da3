import { defineConfig } from "@playwright/test";
import { chromiumConfig } from "../chromium";

// The production bundle in Chromium. tests/bundle.rs starts the bundled server (real-Clerk
// settings, no network) and runs this with BASE_URL and the session cookies it signed
// (BUNDLE_SESSION, BUNDLE_CLIENT_UAT).
export const BASE_URL = process.env.BASE_URL ?? "";

export default defineConfig({
  ...chromiumConfig(BASE_URL),
  testDir: "./tests",
  // Under end2end/test-results/, which git ignores.
  outputDir: "../test-results/bundle",
});
