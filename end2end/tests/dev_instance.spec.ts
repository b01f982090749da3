import { expect, test, type Page, type Request } from "@playwright/test";
import { BASE_URL } from "../playwright.config";
import { ADA, PAGE_LOAD, submitClerkSignIn, withoutHydrationMarkers } from "./accounts";
import { waitForClerk, watchPage } from "./watch";

// The development paths of Clerk's SDKs, against a local instance started as a development
// instance (`CLERK_LOCAL_INSTANCE_TYPE=development`, a step of scripts/test): the dev browser,
// `__clerk_db_jwt` in cookies and query, the handshake answered in the address bar.
const SECRET_KEY = process.env.CLERK_SECRET_KEY ?? "";
const DEV_BROWSER = "__clerk_db_jwt";

test.beforeEach(async ({ request }) => {
  const environment = await (await request.get("/__clerk/v1/environment")).json();
  test.skip(
    environment.display_config?.instance_environment_type !== "development",
    "the server's local instance is not a development instance",
  );
});

/** Every Frontend API request clerk-js makes (not the server's handshake redirects). */
function recordFapiRequests(page: Page): Request[] {
  const requests: Request[] = [];
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith("/__clerk/v1/") && request.resourceType() !== "document") {
      requests.push(request);
    }
  });
  return requests;
}

async function cookie(page: Page, name: string) {
  return (await page.context().cookies()).find((c) => c.name === name)?.value;
}

/** The claims of the browser's `__session` token (not verified: the server does that). */
async function sessionClaims(page: Page) {
  const token = await cookie(page, "__session");
  expect(token, "a __session cookie").toBeTruthy();
  return JSON.parse(Buffer.from(token!.split(".")[1], "base64url").toString());
}

test("clerk-js and the server share one dev browser, in the __clerk_db_jwt cookie and query", async ({ page }) => {
  const watch = watchPage(page, BASE_URL);
  const fapi = recordFapiRequests(page);

  // The first page load has no dev browser: the server's handshake gets one from the Frontend
  // API (dev-browser-missing) and moves it into the cookie before the page renders.
  const first = await page.request.get("/dashboard", { maxRedirects: 0, headers: PAGE_LOAD });
  expect(first.status()).toBe(307);
  expect(first.headers()["x-clerk-auth-reason"]).toBe("dev-browser-missing");
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/sign-in\?redirect_url=%2Fdashboard$/);
  const devBrowser = await cookie(page, DEV_BROWSER);
  expect(devBrowser).toMatch(/^dvb_/);
  await waitForClerk(page);
  expect(await page.evaluate(() => (window as any).Clerk.instanceType)).toBe("development");
  // Clerk's components read the environment's type too.
  await expect(page.getByText("Development mode")).toBeVisible();

  await submitClerkSignIn(page);
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.locator("#greeting")).toHaveText(`Hello, ${ADA.firstName}!`);

  // clerk-js sent that dev browser with every Frontend API request; nothing set `__client`
  // (the dev browser stands for it), and clerk-js wrote `__client_uat` itself.
  expect(fapi.length).toBeGreaterThan(3);
  for (const request of fapi) {
    expect(new URL(request.url()).searchParams.get(DEV_BROWSER), request.url()).toBe(devBrowser);
  }
  const names = (await page.context().cookies()).map((c) => c.name);
  expect(names).not.toContain("__client");
  expect(Number(await cookie(page, "__client_uat"))).toBeGreaterThan(0);

  const unhandled = await page.request.get("/__clerk_local/unhandled");
  expect(await unhandled.json()).toEqual([]);
  watch.assertClean();
});

test("a dev browser in the address bar is moved into the cookie, signed in (query sync)", async ({ page, browser }) => {
  // Signed in in one browser...
  await page.goto("/sign-in");
  await waitForClerk(page);
  await submitClerkSignIn(page);
  await expect(page).toHaveURL(/\/dashboard$/);
  const devBrowser = await cookie(page, DEV_BROWSER);

  // ...a fresh browser that arrives with that dev browser in the URL (as from Clerk's Account
  // Portal) is sent through the handshake (dev-browser-sync) and lands on the clean address,
  // signed in, the dev browser now its cookie.
  const context = await browser.newContext();
  const other = await context.newPage();
  const watch = watchPage(other, BASE_URL);
  const sync = await other.request.get(`/dashboard?${DEV_BROWSER}=${devBrowser}`, {
    maxRedirects: 0,
    headers: PAGE_LOAD,
  });
  expect(sync.status()).toBe(307);
  expect(sync.headers()["x-clerk-auth-reason"]).toBe("dev-browser-sync");
  expect(sync.headers()["location"]).toContain(`${DEV_BROWSER}=${devBrowser}`);

  await other.goto(`/dashboard?${DEV_BROWSER}=${devBrowser}`);
  await expect(other).toHaveURL(/\/dashboard$/);
  await expect(other.locator("#greeting")).toHaveText(`Hello, ${ADA.firstName}!`);
  expect(await cookie(other, DEV_BROWSER)).toBe(devBrowser);
  await waitForClerk(other);
  await expect(other.locator("#greeting")).toHaveText(`Hello, ${ADA.firstName}!`);
  watch.assertClean();
  await context.close();
});

test("an expired session token is renewed through the development handshake", async ({ page }) => {
  const watch = watchPage(page, BASE_URL);
  await page.goto("/sign-in");
  await waitForClerk(page);
  await submitClerkSignIn(page);
  await expect(page).toHaveURL(/\/dashboard$/);
  const { sid } = await sessionClaims(page);
  const devBrowser = await cookie(page, DEV_BROWSER);

  // Leave the app (clerk-js would refresh the cookie), and put in a token that lived 1 s.
  await page.goto("about:blank");
  expect(SECRET_KEY, "scripts/test passes the local instance's CLERK_SECRET_KEY").toMatch(/^sk_test_/);
  const minted = await page.request.post(`/__clerk_local/api/v1/sessions/${sid}/tokens`, {
    headers: { authorization: `Bearer ${SECRET_KEY}` },
    data: { expires_in_seconds: 1 },
  });
  expect(minted.status()).toBe(200);
  const expired = (await minted.json()).jwt;
  const session = (await page.context().cookies()).filter((c) => c.name.startsWith("__session"));
  await page.context().addCookies(session.map((c) => ({ ...c, value: expired })));
  // Past its expiry and the servers' 5 s of clock skew.
  await page.waitForTimeout(7_000);

  const first = await page.request.get("/dashboard", { maxRedirects: 0, headers: PAGE_LOAD });
  expect(first.status()).toBe(307);
  expect(first.headers()["x-clerk-auth-reason"]).toBe(
    "session-token-expired-refresh-non-eligible-no-refresh-cookie",
  );
  const handshake = new URL(first.headers()["location"], BASE_URL);
  expect(handshake.pathname).toBe("/__clerk/v1/client/handshake");
  expect(handshake.searchParams.get(DEV_BROWSER)).toBe(devBrowser);

  // The Frontend API answers in the address bar; the server applies it and cleans the address.
  const back = await page.request.get(handshake.toString(), { maxRedirects: 0 });
  expect(back.status()).toBe(307);
  const withAnswer = new URL(back.headers()["location"]);
  expect(withAnswer.searchParams.get("__clerk_handshake")).toBeTruthy();
  expect(withAnswer.searchParams.get(DEV_BROWSER)).toBe(devBrowser);
  const applied = await page.request.get(withAnswer.toString(), { maxRedirects: 0, headers: PAGE_LOAD });
  expect(applied.status()).toBe(307);
  expect(applied.headers()["location"]).toBe(`${BASE_URL}/dashboard`);

  const renewed = await sessionClaims(page);
  expect(renewed.sid).toBe(sid);
  expect(renewed.exp * 1000).toBeGreaterThan(Date.now());
  const followed = await page.request.get("/dashboard", { headers: PAGE_LOAD });
  expect(withoutHydrationMarkers(await followed.text())).toContain(`Hello, ${ADA.firstName}!`);

  // In the browser, JavaScript on, the same renewal on a page load.
  await page.context().addCookies(session.map((c) => ({ ...c, value: expired })));
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.locator("#greeting")).toHaveText(`Hello, ${ADA.firstName}!`);
  await waitForClerk(page);
  watch.assertClean();
});

test("a dev browser the instance does not know is replaced by clerk-js (POST /v1/dev_browser)", async ({ page }) => {
  // The instance lost it (fresh data, or pruned while idle): clerk-js is told so (401
  // dev_browser_unauthenticated), makes a new one and carries on.
  const watch = watchPage(page, BASE_URL, [/status of 401/, /^HTTP 401 GET .*__clerk_db_jwt=dvb_unknown/]);
  const fapi = recordFapiRequests(page);
  const origin = new URL(BASE_URL);
  await page.context().addCookies([
    { name: DEV_BROWSER, value: "dvb_unknown", domain: origin.hostname, path: "/" },
  ]);
  await page.goto("/sign-in");
  await waitForClerk(page);
  // (clerk-js 6 makes it twice: once from its HTTP client's 401 handler, once from load().)
  const path = (r: Request) => new URL(r.url()).pathname;
  const created = fapi.filter((r) => r.method() === "POST" && path(r) === "/__clerk/v1/dev_browser");
  expect(created.length).toBeGreaterThanOrEqual(1);
  const replacement = await cookie(page, DEV_BROWSER);
  expect(replacement).toMatch(/^dvb_/);
  expect(replacement).not.toBe("dvb_unknown");

  await submitClerkSignIn(page);
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.locator("#greeting")).toHaveText(`Hello, ${ADA.firstName}!`);
  const signIns = fapi.filter((r) => r.method() === "POST" && path(r) === "/__clerk/v1/client/sign_ins");
  expect(signIns.length).toBeGreaterThanOrEqual(1);
  for (const request of signIns) {
    expect(new URL(request.url()).searchParams.get(DEV_BROWSER)).toBe(replacement);
  }
  const unhandled = await page.request.get("/__clerk_local/unhandled");
  expect(await unhandled.json()).toEqual([]);
  watch.assertClean();
});
