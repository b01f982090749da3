import { expect, test, type Page } from "@playwright/test";
import { BASE_URL } from "../playwright.config";
import { ADA, PAGE_LOAD, newUser, signInThroughClerkUi, submitClerkSignIn, submitClerkSignUp } from "./accounts";
import { waitForClerk, watchPage } from "./watch";

// Clerk's "Allow personal accounts" turned off: every session must choose an organization (the
// `choose-organization` session task) before it counts as signed in. scripts/test runs this file
// against a server of its own, with CLERK_LOCAL_PERSONAL_ACCOUNTS=false.
test.skip(
  process.env.CLERK_LOCAL_PERSONAL_ACCOUNTS !== "false",
  "needs a local instance without personal accounts: CLERK_LOCAL_PERSONAL_ACCOUNTS=false",
);

/** The hooks as /session renders them. */
async function hooksOn(page: Page) {
  await page.goto("/session");
  await waitForClerk(page);
  return JSON.parse((await page.locator("#hooks").textContent()) ?? "null");
}

test("without personal accounts, a new session chooses an organization first: pending until then for the server and use_auth(), with the user in use_user()", async ({ browser, page }) => {
  const watch = watchPage(page, BASE_URL);
  await page.goto("/sign-in?redirect_url=%2Fnotes");
  await waitForClerk(page);
  await submitClerkSignIn(page);

  // clerk-js sends the pending session to its task, on the app's own page ([clerk.task_urls]),
  // which hosts Clerk's <TaskChooseOrganization/>.
  await expect(page).toHaveURL(/\/choose-organization$/);
  await expect(page.locator("[data-clerk-component=task-choose-organization] .cl-card")).toContainText(
    "Setup your organization",
  );

  // The server counts a pending session as signed out: a protected page sends it to the tasks
  // below the sign-in page, as @clerk/backend does (task URLs are clerk-js's).
  const pending = await page.request.get("/dashboard", { headers: PAGE_LOAD, maxRedirects: 0 });
  expect(pending.status()).toBe(302);
  expect(pending.headers()["location"]).toBe(`/sign-in/tasks?redirect_url=${encodeURIComponent("/dashboard")}`);

  // In another tab of the same browser: use_auth() is signed out, while use_user() and
  // use_session() have the user and the pending session, as Clerk's useUser() and useSession().
  const other = await page.context().newPage();
  const otherWatch = watchPage(other, BASE_URL);
  const whilePending = await hooksOn(other);
  expect(whilePending.auth.is_signed_in).toBe(false);
  expect(whilePending.auth.user_id).toBeNull();
  expect(whilePending.user.is_signed_in).toBe(true);
  expect(whilePending.user.email).toBe(ADA.email);
  expect(whilePending.session.status).toBe("pending");
  expect(whilePending.session.is_signed_in).toBe(false);
  expect(whilePending.organization_list.is_loaded).toBe(true);
  // A page load of a protected page there goes to the tasks, where Clerk's <SignIn/> shows this one.
  await other.goto("/dashboard");
  await expect(other).toHaveURL(/\/sign-in\/tasks/);
  await expect(other.locator(".cl-card")).toContainText("Setup your organization");
  // Closed before the task is done: its clerk-js keeps the pending token it has, and would write
  // it back to the shared cookie while it lasts (as it would with real Clerk, in a real browser).
  otherWatch.assertClean();
  await other.close();

  // The task: Ada has no organization yet, so Clerk's form makes one, and the session is active
  // with it; the page's component then goes on to its redirect_url_complete (/dashboard: a task
  // URL does not carry the sign-in's /notes).
  await page.locator("input[name=name]").fill("Analytical Engines");
  await page.getByRole("button", { name: "Continue", exact: true }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.locator("#greeting")).toHaveText(`Hello, ${ADA.firstName}!`);
  // The server, once clerk-js has written the new session token to the cookie.
  const pageLoad = async () => {
    const answer = await page.request.get("/dashboard", { headers: PAGE_LOAD, maxRedirects: 0 });
    return `${answer.status()} ${answer.headers()["location"] ?? ""}`.trim();
  };
  await expect.poll(pageLoad).toBe("200");

  // There is no personal account to switch back to: the app's button shows clerk-js's refusal.
  await page.locator("nav").getByRole("link", { name: "Organization" }).click();
  await page.getByRole("button", { name: "Switch to your personal account" }).click();
  await expect(page.locator("#personal-refused")).toHaveText(
    "this instance requires an organization: the personal account cannot be active",
  );
  await expect(page.locator("#org-name")).toHaveText("Analytical Engines");

  const after = await page.context().newPage();
  const afterWatch = watchPage(after, BASE_URL);
  const signedIn = await hooksOn(after);
  expect(signedIn.auth.is_signed_in).toBe(true);
  expect(signedIn.auth.org_id).toMatch(/^org_/);
  expect(signedIn.auth.org_role).toBe("org:admin");
  expect(signedIn.session.status).toBe("active");

  // The next sign-in (another browser) has a membership to choose from, not a form.
  const second = await browser.newContext({ baseURL: BASE_URL });
  const secondPage = await second.newPage();
  const secondWatch = watchPage(secondPage, BASE_URL);
  await signInThroughClerkUi(secondPage, /\/choose-organization$/);
  await expect(secondPage.locator(".cl-card")).toContainText("Choose an organization");
  await secondPage.getByText("Analytical Engines").click();
  await expect(secondPage).toHaveURL(/\/dashboard$/);

  for (const w of [watch, afterWatch, secondWatch]) w.assertClean();
  await second.close();
});

test("without personal accounts, a sign-up goes through the same task before the app", async ({ page }) => {
  const watch = watchPage(page, BASE_URL);
  const user = newUser("Founder");
  await page.goto("/sign-up");
  await waitForClerk(page);
  await submitClerkSignUp(page, user);
  // The same page of the app's own after <SignUp/>.
  await expect(page).toHaveURL(/\/choose-organization$/);
  // A name of its own: the organization's slug must be new.
  await page.locator("input[name=name]").fill(`Founders ${user.email.split("@")[0]}`);
  await page.getByRole("button", { name: "Continue", exact: true }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  const hooks = await hooksOn(page);
  expect(hooks.auth.org_role).toBe("org:admin");
  expect(hooks.session.status).toBe("active");
  watch.assertClean();
});
