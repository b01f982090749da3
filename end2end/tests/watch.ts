import { expect, type Page } from "@playwright/test";

/**
 * Records what a test must never see: a request leaving the app's origin, a console error, an
 * uncaught exception, or a hydration warning. Call `assertClean()` at the end of the test.
 */
export function watchPage(page: Page, baseURL: string, allowedErrors: RegExp[] = []) {
  const origin = new URL(baseURL).origin;
  const offOrigin: string[] = [];
  const errors: string[] = [];
  page.on("request", (request) => {
    const url = request.url();
    if (url.startsWith("data:") || url.startsWith("blob:")) return;
    if (new URL(url).origin !== origin) offOrigin.push(`${request.method()} ${url}`);
  });
  page.on("console", (message) => {
    const text = message.text();
    if (allowedErrors.some((allowed) => allowed.test(text))) return;
    if (message.type() === "error" || /hydration/i.test(text)) errors.push(`${message.type()}: ${text}`);
  });
  page.on("pageerror", (error) => errors.push(`uncaught: ${error.message}`));
  // The browser's "Failed to load resource" message does not name the URL: record it here.
  page.on("response", (response) => {
    const line = `HTTP ${response.status()} ${response.request().method()} ${response.url()}`;
    if (response.status() >= 400 && !allowedErrors.some((allowed) => allowed.test(line))) errors.push(line);
  });
  return {
    assertClean() {
      expect(offOrigin, "requests that left the app's origin").toEqual([]);
      expect(errors, "console errors and hydration warnings").toEqual([]);
    },
  };
}

/** Waits until the wasm has hydrated the page and clerk-js reports `ready`. */
export async function waitForClerk(page: Page) {
  await page.locator("body[data-hydrated]").waitFor();
  await expect(page.locator("nav")).toHaveAttribute("data-clerk-status", "ready");
  expect(await page.evaluate(() => (window as any).Clerk?.status)).toBe("ready");
}
