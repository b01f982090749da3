import { defineConfig } from "@playwright/test";
import { chromiumConfig } from "./chromium";

// The server is started by scripts/test (with a throwaway local Clerk instance) before this runs.
export const BASE_URL = process.env.BASE_URL ?? "http://127.0.0.1:3400";

export default defineConfig({
  ...chromiumConfig(BASE_URL),
  testDir: "./tests",
});
