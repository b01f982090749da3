import { expect, test } from "@playwright/test";
import { BASE_URL } from "../playwright.config";

// What the bundle's HTTP checks (tests/bundle.rs) cannot see: that its release wasm (wasm-opt's,
// and nightly Rust's with SMALLER_WASM=1: scripts/wasm-release-build) hydrates the server's page,
// then loads a lazy page's chunks on a client-side navigation and calls its server function.
test("the bundle's wasm hydrates a signed-in page and navigates to another lazy page", async ({ context, page }) => {
  const { hostname } = new URL(BASE_URL);
  await context.addCookies(
    [
      ["__session", process.env.BUNDLE_SESSION ?? ""],
      ["__client_uat", process.env.BUNDLE_CLIENT_UAT ?? ""],
    ].map(([name, value]) => ({ name, value, domain: hostname, path: "/" })),
  );
  // The publishable key's Frontend API (clerk.example.com) is not this test's to reach: its
  // scripts fail at once, as when Clerk is out of reach, and the page must come alive anyway.
  await context.route(/^https:\/\/clerk\.example\.com\//, (route) => route.abort());
  // A wasm panic is an uncaught `RuntimeError: unreachable` (with a message on stable Rust).
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(`uncaught: ${error.message}`));
  page.on("console", (message) => {
    if (/panicked|hydration/i.test(message.text())) errors.push(`console: ${message.text()}`);
  });

  await page.goto("/dashboard");
  await page.locator("body[data-hydrated]").waitFor();
  await expect(page.locator("#greeting")).toHaveText("Hello, Ada!");
  await page.evaluate(() => ((window as any).__notReloaded = true));

  // Its chunks, then its loader: a server function reading the Backend API (the test's stub).
  await page.locator('nav a[href="/profile"]').click();
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.locator("#profile-name")).toHaveText("Ada Lovelace");
  expect(await page.evaluate(() => (window as any).__notReloaded === true), "no reload").toBe(true);
  expect(errors).toEqual([]);
});
