import { defineConfig } from "@playwright/test";
import { chromiumConfig } from "./chromium";

// scripts/test starts a throwaway server and sets BASE_URL; `cargo leptos end-to-end` serves on
// Cargo.toml's site-addr (LEPTOS_SITE_ADDR overrides it for both).
export const BASE_URL =
  process.env.BASE_URL ?? `http://${process.env.LEPTOS_SITE_ADDR ?? "127.0.0.1:3000"}`;

export default defineConfig({
  ...chromiumConfig(BASE_URL),
  testDir: "./tests",
  globalSetup: "./global-setup.ts",
});
