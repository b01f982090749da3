import { expect, test, type Page } from "@playwright/test";
import { BASE_URL } from "../playwright.config";
import { waitForClerk, watchPage } from "./watch";

// Seeded in Leptos.toml ([[clerk_local.users]]).
const ADA = { email: "ada@example.com", password: "analytical-engine-1843", firstName: "Ada" };
const PAGE_LOAD = { accept: "text/html", "sec-fetch-dest": "document" };
/** Leptos marks hydration boundaries with comments (`<!>`, `<!--…-->`) between text nodes. */
const withoutHydrationMarkers = (html: string) => html.replace(/<!(--[\s\S]*?--)?>/g, "");

async function signIn(page: Page) {
  await page.goto("/sign-in");
  await waitForClerk(page);
  await page.locator("input[name=identifier]").fill(ADA.email);
  await page.getByRole("button", { name: "Continue", exact: true }).click();
  await page.locator("input[name=password]").fill(ADA.password);
  await page.getByRole("button", { name: "Continue", exact: true }).click();
  await expect(page.locator("nav")).toHaveAttribute("data-clerk-status", "ready");
  await expect.poll(async () => (await page.context().cookies()).some((c) => c.name === "__session")).toBe(true);
}

/** Drops the session cookies (plain and suffixed) but keeps `__client_uat` and `__client`. */
async function loseSessionCookies(page: Page) {
  await page.context().clearCookies({ name: /^__session/ });
  const names = (await page.context().cookies()).map((c) => c.name);
  expect(names.filter((n) => n.startsWith("__session"))).toEqual([]);
  expect(names).toContain("__client_uat");
}

test("a page load without its session cookie comes back signed in through the handshake", async ({ page }) => {
  const watch = watchPage(page, BASE_URL);
  await signIn(page);
  // Leave the app, so clerk-js cannot write the cookie again while the server is asked.
  await page.goto("about:blank");
  await loseSessionCookies(page);

  // The server sends the page load to the Frontend API's handshake...
  const first = await page.request.get("/dashboard", { maxRedirects: 0, headers: PAGE_LOAD });
  expect(first.status()).toBe(307);
  expect(first.headers()["location"]).toMatch(/\/__clerk\/v1\/client\/handshake\?redirect_url=/);
  expect(first.headers()["x-clerk-auth-reason"]).toBe("client-uat-but-no-session-token");

  // ...and, following the redirects as a browser does, the page is rendered signed in.
  await loseSessionCookies(page);
  const followed = await page.request.get("/dashboard", { headers: PAGE_LOAD });
  expect(followed.status()).toBe(200);
  // The handshake's answer came back in a short-lived cookie (a development instance's comes in
  // the address bar, which the server cleans), and the page's answer deleted it (a nonce is
  // good for one exchange).
  expect(followed.url()).toMatch(/\/dashboard$/);
  expect((await page.context().cookies()).map((c) => c.name)).not.toContain("__clerk_handshake_nonce");
  expect(withoutHydrationMarkers(await followed.text())).toContain(`Hello, ${ADA.firstName}!`);
  expect((await page.context().cookies()).some((c) => c.name === "__session")).toBe(true);

  // The same in the browser, JavaScript on: a document load of /dashboard is signed in.
  await loseSessionCookies(page);
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/dashboard(\?|$)/);
  await expect(page.locator("#greeting")).toHaveText(`Hello, ${ADA.firstName}!`);
  await waitForClerk(page);
  await expect(page.locator("#greeting")).toHaveText(`Hello, ${ADA.firstName}!`);

  watch.assertClean();
});
