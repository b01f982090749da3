import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { chromiumConfig } from "../chromium";
import { BASE_URL } from "../playwright.config";
import { signInThroughClerkUi } from "./accounts";
import { waitForClerk } from "./watch";

/** The corpus the Rust tests use too (leptos_clerk/tests/fixtures/open_redirects.json). */
const corpus = JSON.parse(
  readFileSync(resolve(__dirname, "../../leptos_clerk/tests/fixtures/open_redirects.json"), "utf8"),
);
const PAYLOADS: string[] = Object.values(corpus.payloads as Record<string, string[]>).flat();
const ORIGIN = new URL(BASE_URL).origin;

/**
 * Nothing leaves this machine: every host but the app's resolves to nothing, so a request to
 * another origin fails at once. Done in the browser, not with `page.route`, which would turn off
 * the HTTP cache and reload and recompile the app's wasm for every payload (four times slower).
 */
const launchOptions = chromiumConfig(BASE_URL).use!.launchOptions!;
test.use({
  launchOptions: {
    ...launchOptions,
    args: [...launchOptions.args!, "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost"],
  },
});

/**
 * Records every way the browser could leave the app: a request or navigation to another origin
 * (which fails, as above), a `javascript:` URL that ran (an alert), and a main-frame URL that is
 * not the app's.
 */
async function guard(page: Page, escapes: string[]) {
  page.on("request", (request) => {
    const url = request.url();
    // A blob: URL's origin is the page's; a data: URL loads nothing.
    if (!url.startsWith("data:") && new URL(url).origin !== ORIGIN) escapes.push(`request ${url}`);
  });
  page.on("dialog", async (dialog) => {
    escapes.push(`dialog ${dialog.message()}`);
    await dialog.dismiss();
  });
  page.on("framenavigated", (frame) => {
    const url = frame.url();
    if (frame === page.mainFrame() && !url.startsWith(ORIGIN) && url !== "about:blank") {
      escapes.push(`navigated to ${url}`);
    }
  });
}

// Signed in, Clerk's <SignIn/> sends the visitor on at once to where `redirect_url` says, as after
// a sign-in: every payload must end on the app (Clerk's fallback) or leave the visitor where they
// are (clerk-js stays on the page for a URL it cannot parse). Two tabs share the corpus.
test("signed in, the sign-in page never sends the browser off the app", async ({ page }) => {
  test.setTimeout(5 * 60_000);
  expect(PAYLOADS.length).toBeGreaterThanOrEqual(60);
  await signInThroughClerkUi(page);
  const tabs = [page, await page.context().newPage()];
  const escapes: string[] = [];
  await Promise.all(tabs.map((tab) => guard(tab, escapes)));
  const queue = [...PAYLOADS];
  let left = 0;
  await Promise.all(
    tabs.map(async (tab) => {
      for (let payload = queue.shift(); payload !== undefined; payload = queue.shift()) {
        await tab.goto(`/sign-in?redirect_url=${encodeURIComponent(payload)}`);
        const moved = await tab
          .waitForURL((url) => !url.pathname.startsWith("/sign-in"), { timeout: 5_000 })
          .then(() => true, () => false);
        if (moved) left += 1;
        if (!tab.url().startsWith(ORIGIN)) escapes.push(`${payload} ended at ${tab.url()}`);
      }
    }),
  );
  // Clerk did redirect for most payloads (to its fallback): the test saw real navigations.
  expect(left).toBeGreaterThan(PAYLOADS.length / 2);
  expect(escapes).toEqual([]);
});

// Signed out, <RedirectToSignIn/> in the browser (a client-side navigation to a protected page)
// sends the visitor to sign-in with a return address on this origin, whatever the page's query.
test("signed out, RedirectToSignIn keeps the way back on the app", async ({ page }) => {
  test.setTimeout(5 * 60_000);
  const escapes: string[] = [];
  await guard(page, escapes);
  await page.goto("/");
  await waitForClerk(page);
  for (const payload of PAYLOADS) {
    const href = `/dashboard?redirect_url=${encodeURIComponent(payload)}`;
    const before = page.url();
    // A link the router follows without a page load, so the component runs in the browser.
    await page.evaluate((href) => {
      const link = document.createElement("a");
      link.href = href;
      document.body.append(link);
      link.click();
      link.remove();
    }, href);
    await page.waitForURL((url) => url.pathname === "/sign-in" && url.href !== before, {
      timeout: 15_000,
    });
    const back = new URL(page.url()).searchParams.get("redirect_url") ?? "";
    if (new URL(back, ORIGIN).origin !== ORIGIN) escapes.push(`${payload}: redirect_url ${back}`);
    expect(back.startsWith("/dashboard?redirect_url="), `${payload}: ${back}`).toBe(true);
  }
  expect(escapes).toEqual([]);
});
