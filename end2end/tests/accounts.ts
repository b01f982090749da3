import { expect, type Page } from "@playwright/test";
import { waitForClerk } from "./watch";

/** Seeded in Leptos.toml ([[clerk_local.users]]). */
export const ADA = { email: "ada@example.com", password: "analytical-engine-1843", firstName: "Ada" };

/** What a browser sends for a page load: the server renders (and handshakes) only for these. */
export const PAGE_LOAD = { accept: "text/html", "sec-fetch-dest": "document" };

/** Leptos marks hydration boundaries with comments (`<!>`, `<!--…-->`) between text nodes. */
export const withoutHydrationMarkers = (html: string) => html.replace(/<!(--[\s\S]*?--)?>/g, "");

/** The hooks' values as /session shows them in the page (see src/pages/session.rs). */
export async function hooksInPage(page: Page) {
  return JSON.parse((await page.locator("#hooks").textContent()) ?? "null");
}

/** The hooks' values as the server renders /session for this browser's cookies. */
export async function hooksInServerHtml(page: Page) {
  const response = await page.request.get("/session", { headers: PAGE_LOAD });
  expect(response.status()).toBe(200);
  const html = withoutHydrationMarkers(await response.text());
  const json = html.match(/<pre id="hooks">([\s\S]*?)<\/pre>/)?.[1] ?? "null";
  return JSON.parse(json.replaceAll("&quot;", '"'));
}

/** Fills in and submits Clerk's sign-in form (identifier, then password) on the current page. */
export async function submitClerkSignIn(page: Page, password = ADA.password) {
  await page.locator("input[name=identifier]").fill(ADA.email);
  await page.getByRole("button", { name: "Continue", exact: true }).click();
  await page.locator("input[name=password]").fill(password);
  await page.getByRole("button", { name: "Continue", exact: true }).click();
}

/** Signs in through Clerk's own form on /sign-in and waits for the landing page. */
export async function signInThroughClerkUi(page: Page, landing = /\/dashboard$/) {
  await page.goto("/sign-in");
  await waitForClerk(page);
  await submitClerkSignIn(page);
  await expect(page).toHaveURL(landing);
}

/** Fills in and submits Clerk's sign-up form (email address and password) on the current page. */
export async function submitClerkSignUp(page: Page, user: ReturnType<typeof newUser>) {
  await page.locator("input[name=emailAddress]").fill(user.email);
  await page.locator("input[name=password]").fill(user.password);
  // Enter, not a click on Continue: the password's feedback line slides in after typing and
  // pushes the button down, so a click aimed a moment earlier can land in the gap.
  await page.locator("input[name=password]").press("Enter");
}

/** A new user's sign-up details: a unique email address per call, starting with `label`. */
export function newUser(label: string) {
  const prefix = label.toLowerCase();
  const email = `${prefix}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
  return { email, password: `${prefix}-password-1843` };
}

/**
 * Signs up through Clerk's own form on /sign-up (email and password: names are optional in
 * Leptos.toml, so the form does not ask) and waits for the landing page.
 */
export async function signUpThroughClerkUi(page: Page, user: ReturnType<typeof newUser>) {
  await page.goto("/sign-up");
  await waitForClerk(page);
  await submitClerkSignUp(page, user);
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.locator("#greeting")).toHaveText("Hello, there!");
}

/**
 * Clicks "Continue with Google" on one of the app's own forms (`/custom-sign-in`,
 * `/custom-sign-up`) and waits for the local instance's consent page, which stands in for
 * Google's. Returns the main frame's URLs from then on.
 */
export async function continueWithGoogleFrom(page: Page, formPath: string) {
  await page.goto(formPath);
  const google = page.getByRole("button", { name: "Continue with Google" });
  await expect(google).toBeEnabled();
  const visited: string[] = [];
  page.on("framenavigated", (frame) => frame === page.mainFrame() && visited.push(frame.url()));
  await google.click();
  await page.waitForURL(/\/__clerk\/local\/oauth\/authorize\?state=/);
  return visited;
}

/** Types an identity on the consent page (an address with no user yet) and approves it. */
export async function approveNewGoogleIdentity(page: Page, email: string, firstName: string, lastName: string) {
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("First name").fill(firstName);
  await page.getByLabel("Last name").fill(lastName);
  await page.getByRole("button", { name: "Continue", exact: true }).click();
}

/** Back from the consent page: through /sso-callback to the dashboard, signed in there and on the server. */
export async function landOnDashboardThroughCallback(page: Page, visited: string[], firstName: string) {
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.locator("#greeting")).toHaveText(`Hello, ${firstName}!`);
  expect(visited.some((url) => new URL(url).pathname === "/sso-callback"), visited.join(" ")).toBe(true);
  const html = await page.request.get("/dashboard", { maxRedirects: 0, headers: PAGE_LOAD });
  expect(html.status()).toBe(200);
}

/** Checks, through the local instance's Backend API, that `email` is a user with these names and its Google account. */
export async function expectGoogleUser(page: Page, email: string, firstName: string, lastName: string) {
  const secretKey = process.env.CLERK_SECRET_KEY ?? "";
  expect(secretKey, "scripts/test passes the local instance's CLERK_SECRET_KEY").not.toBe("");
  const users = await page.request.get(`/__clerk_local/api/v1/users?email_address=${encodeURIComponent(email)}`, {
    headers: { authorization: `Bearer ${secretKey}` },
  });
  const [user, ...others] = await users.json();
  expect(others).toEqual([]);
  expect(user).toMatchObject({ first_name: firstName, last_name: lastName });
  expect(user.external_accounts).toEqual([expect.objectContaining({ provider: "oauth_google", email_address: email })]);
}

/** The local instance's Backend API key: scripts/test reads it from the instance's data folder. */
export const SECRET_KEY = process.env.CLERK_SECRET_KEY ?? "";

/** The last code the local instance "emailed" to `email` (its test endpoint, with the secret key). */
export async function emailedCode(request: import("@playwright/test").APIRequestContext, email: string) {
  let code = "";
  await expect
    .poll(async () => {
      const response = await request.get(`/__clerk_local/test/codes?email=${encodeURIComponent(email)}`, {
        headers: { authorization: `Bearer ${SECRET_KEY}` },
      });
      code = (await response.json()).code ?? "";
      return code;
    })
    .toMatch(/^\d{6}$/);
  return code;
}
