import { expect, type Page } from "@playwright/test";
import { waitForClerk } from "./watch";

/** Seeded in Leptos.toml ([[clerk_local.users]]). */
export const ADA = { email: "ada@example.com", password: "analytical-engine-1843", firstName: "Ada" };

/** What a browser sends for a page load: the server renders (and handshakes) only for these. */
export const PAGE_LOAD = { accept: "text/html", "sec-fetch-dest": "document" };

/** Leptos marks hydration boundaries with comments (`<!>`, `<!--…-->`) between text nodes. */
export const withoutHydrationMarkers = (html: string) => html.replace(/<!(--[\s\S]*?--)?>/g, "");

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
  await page.locator("input[name=emailAddress]").fill(user.email);
  await page.locator("input[name=password]").fill(user.password);
  // Enter, not a click on Continue: the password's feedback line slides in after typing and
  // pushes the button down, so a click aimed a moment earlier can land in the gap.
  await page.locator("input[name=password]").press("Enter");
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.locator("#greeting")).toHaveText("Hello, there!");
}
