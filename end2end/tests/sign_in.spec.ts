import { expect, test } from "@playwright/test";
import { BASE_URL } from "../playwright.config";
import { totpCode } from "../local-instance/tests/support";
import {
  ADA,
  approveNewGoogleIdentity,
  emailedCode,
  continueWithGoogleFrom,
  expectGoogleUser,
  hooksInPage,
  hooksInServerHtml,
  landOnDashboardThroughCallback,
  PAGE_LOAD,
  submitClerkSignIn,
  withoutHydrationMarkers,
} from "./accounts";
import { waitForClerk, watchPage } from "./watch";

test("sign in through Clerk's UI, stay signed in across a reload, sign out", async ({ page }) => {
  const watch = watchPage(page, BASE_URL);

  // Signed out, a protected page redirects to sign-in with a return address.
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/sign-in\?redirect_url=%2Fdashboard$/);
  await waitForClerk(page);

  // Clerk's own sign-in form, served by the local instance.
  await submitClerkSignIn(page);

  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.locator("#greeting")).toHaveText(`Hello, ${ADA.firstName}!`);

  // The server-rendered HTML (no JavaScript) already greets the user, from the browser's cookies
  // and with the headers a browser sends for a page load.
  const html = await page.request.get("/dashboard", { maxRedirects: 0, headers: PAGE_LOAD });
  expect(html.status()).toBe(200);
  expect(withoutHydrationMarkers(await html.text())).toContain(`Hello, ${ADA.firstName}!`);

  // A reload is still signed in, with no flash of signed-out content.
  await page.reload();
  await expect(page.locator("#greeting")).toHaveText(`Hello, ${ADA.firstName}!`);
  await waitForClerk(page);
  await expect(page.locator("#greeting")).toHaveText(`Hello, ${ADA.firstName}!`);

  // The profile page's server function reads the user through the Backend API.
  await page.goto("/profile");
  await expect(page.locator("#profile-email")).toHaveText(ADA.email);
  await waitForClerk(page);

  // Sign out through clerk-js.
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.locator("#home-signed-out")).toBeVisible();

  // Signed out again, the server redirects /dashboard to sign-in.
  const after = await page.request.get("/dashboard", { maxRedirects: 0, headers: PAGE_LOAD });
  expect([302, 303, 307]).toContain(after.status());
  expect(after.headers()["location"]).toBe("/sign-in?redirect_url=%2Fdashboard");

  // The local instance answered every Frontend API request clerk-js made.
  const unhandled = await page.request.get("/__clerk_local/unhandled");
  expect(await unhandled.json()).toEqual([]);

  watch.assertClean();
});

test("a wrong password is shown inline by Clerk's UI", async ({ page }) => {
  // A 422 from the Frontend API is logged by the browser as a failed resource load; that is the
  // expected answer here, not an app error.
  const watch = watchPage(page, BASE_URL, [/status of 422/, /^HTTP 422 /]);
  await page.goto("/sign-in");
  await waitForClerk(page);
  await submitClerkSignIn(page, "not-the-password");
  await expect(page.locator("#error-password")).toContainText("Password is incorrect");
  watch.assertClean();
});

test("Continue with Google: the local instance's consent page stands in for Google", async ({ page }) => {
  const watch = watchPage(page, BASE_URL);
  await page.goto("/dashboard");
  await waitForClerk(page);

  // Clerk's button (social = ["oauth_google"] in Leptos.toml), then the instance's consent page.
  await page.getByRole("button", { name: /Continue with Google/ }).click();
  await page.waitForURL(/\/__clerk\/local\/oauth\/authorize\?state=/);
  await page.getByRole("button", { name: `Continue as Ada Lovelace <${ADA.email}>` }).click();

  // Back through the Frontend API's callback to Clerk UI's /sign-in/sso-callback route.
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.locator("#greeting")).toHaveText(`Hello, ${ADA.firstName}!`);
  await waitForClerk(page);

  // The Google account is now Ada's: the server's use_user() has it, the same as clerk-js's...
  const google = {
    id: expect.stringMatching(/^idn_/),
    provider: "google",
    email_address: ADA.email,
    username: null,
    image_url: null,
    verified: true,
  };
  const html = await hooksInServerHtml(page);
  expect(html.user.external_accounts).toEqual([google]);
  await page.goto("/session");
  await waitForClerk(page);
  expect((await hooksInPage(page)).user).toEqual(html.user);
  // ...and the profile's loader reads it from the Backend API.
  await page.goto("/profile");
  await expect(page.locator("#profile-connected")).toHaveText(`Google (${ADA.email})`);

  const unhandled = await page.request.get("/__clerk_local/unhandled");
  expect(await unhandled.json()).toEqual([]);
  watch.assertClean();
});

test("use_sign_in(): the app's own form shows Clerk's refusal, then signs in and lands on the dashboard", async ({ page }) => {
  const watch = watchPage(page, BASE_URL, [/status of 422/, /^HTTP 422 /]);
  // What the browser fills in before the page hydrates (autofill, a quick user) is kept: the
  // wasm is held back a second so that the form is filled first.
  await page.route("**/*.wasm", async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await route.continue();
  });
  await page.goto("/custom-sign-in");
  const form = page.locator("#custom-sign-in");
  const submit = form.getByRole("button", { name: "Sign in" });
  await form.getByLabel("Email address").fill(ADA.email);
  await form.getByLabel("Password").fill("not-the-password");
  // The server's HTML has the form; it works once clerk-js has loaded.
  await expect(submit).toBeEnabled();
  await expect(form.getByLabel("Email address")).toHaveValue(ADA.email);
  await submit.click();
  await expect(form.getByRole("alert")).toContainText(/password is incorrect/i);
  await expect(page).toHaveURL(/\/custom-sign-in$/);

  await form.getByLabel("Password").fill(ADA.password);
  await submit.click();
  // set_active, then the router's navigation: the dashboard, greeting the user.
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.locator("#greeting")).toHaveText(`Hello, ${ADA.firstName}!`);
  // The server sees the session too.
  const html = await page.request.get("/dashboard", { maxRedirects: 0, headers: PAGE_LOAD });
  expect(html.status()).toBe(200);

  // Signed in, the page says so instead of showing the form.
  await page.goto("/custom-sign-in");
  await expect(page.locator("#custom-sign-in-done")).toBeVisible();
  await expect(form).toHaveCount(0);
  watch.assertClean();
});

test("use_sign_in() without a password: the app's own form asks Clerk to email a code, shows a refusal, sends a new code, and signs in with it", async ({ page }) => {
  const watch = watchPage(page, BASE_URL, [/status of 4(04|22)/, /^HTTP 4(04|22) /]);
  await page.goto("/custom-sign-in");
  const form = page.locator("#custom-sign-in");
  const emailMeACode = form.getByRole("button", { name: "Email me a code instead" });
  await expect(emailMeACode).toBeEnabled();

  // No address yet, or nobody with it: said on the form, which stays.
  await emailMeACode.click();
  await expect(form.getByRole("alert")).toHaveText("Enter your email address first.");
  await form.getByLabel("Email address").fill(`nobody-${Date.now()}@example.com`);
  await emailMeACode.click();
  await expect(form.getByRole("alert")).toContainText(/couldn't find your account/i);

  await form.getByLabel("Email address").fill(ADA.email);
  await emailMeACode.click();
  const codeForm = page.locator("#custom-sign-in-code");
  await expect(codeForm).toContainText(`We emailed a code to ${ADA.email}.`);
  const first = await emailedCode(page.request, ADA.email);

  // A wrong code is refused; "Send a new code" sends another, which signs in.
  await codeForm.getByLabel("Code").fill(first === "000000" ? "111111" : "000000");
  await codeForm.getByRole("button", { name: "Verify" }).click();
  await expect(codeForm.getByRole("alert")).toContainText(/incorrect/i);
  await codeForm.getByRole("button", { name: "Send a new code" }).click();
  await expect(page.locator("#custom-sign-in-notice")).toHaveText("A new code is on its way.");
  let second = "";
  await expect.poll(async () => (second = await emailedCode(page.request, ADA.email))).not.toBe(first);
  await codeForm.getByLabel("Code").fill(second);
  await codeForm.getByRole("button", { name: "Verify" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.locator("#greeting")).toHaveText(`Hello, ${ADA.firstName}!`);
  const html = await page.request.get("/dashboard", { maxRedirects: 0, headers: PAGE_LOAD });
  expect(html.status()).toBe(200);
  watch.assertClean();
});

test("use_sign_in(): a sign-in that needs a second factor is finished by Clerk's page, which continues it", async ({ page }) => {
  const secretKey = process.env.CLERK_SECRET_KEY ?? "";
  expect(secretKey, "scripts/test passes the local instance's CLERK_SECRET_KEY").not.toBe("");
  // A user with an authenticator app, made through the Backend API.
  const user = { email: `grace-${Date.now()}@example.com`, password: "cobol-compiler-1959", secret: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP" };
  const created = await page.request.post("/__clerk_local/api/v1/users", {
    headers: { authorization: `Bearer ${secretKey}` },
    data: { email_address: [user.email], password: user.password, first_name: "Grace", totp_secret: user.secret },
  });
  expect(created.status(), await created.text()).toBe(200);

  const watch = watchPage(page, BASE_URL);
  await page.goto("/custom-sign-in");
  const form = page.locator("#custom-sign-in");
  await expect(form.getByRole("button", { name: "Sign in" })).toBeEnabled();
  await form.getByLabel("Email address").fill(user.email);
  await form.getByLabel("Password").fill(user.password);
  await form.getByRole("button", { name: "Sign in" }).click();

  // Clerk's <SignIn/> takes over at its second-factor step: the password is not asked again.
  await expect(page).toHaveURL(/\/sign-in\/factor-two/);
  await expect(page.getByRole("textbox", { name: /verification code/i })).toBeFocused();
  await page.keyboard.type(await totpCode(user.secret));
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.locator("#greeting")).toHaveText("Hello, Grace!");
  watch.assertClean();
});

test("use_sign_in() with Google: the app's own button, then <AuthenticateWithRedirectCallback> on /sso-callback signs in a known user, makes a new address a new user, and sends a cancelled sign-in to <SignIn/>", async ({ page, browser }) => {
  // Cancelled on the consent page: Clerk's <SignIn/> says why.
  const watch = watchPage(page, BASE_URL);
  await continueWithGoogleFrom(page, "/custom-sign-in");
  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(page).toHaveURL(/\/sign-in(\?|$)/);
  await expect(page.getByText(/You did not grant access/)).toBeVisible();

  // A known user: Ada's Google account.
  const adasWay = await continueWithGoogleFrom(page, "/custom-sign-in");
  await page.getByRole("button", { name: `Continue as Ada Lovelace <${ADA.email}>` }).click();
  await landOnDashboardThroughCallback(page, adasWay, ADA.firstName);
  watch.assertClean();

  // An address with no user, in a browser of its own: clerk-js turns the sign-in into a sign-up
  // on the callback page, and the new user lands on the dashboard too.
  const context = await browser.newContext();
  const newcomer = await context.newPage();
  const newcomerWatch = watchPage(newcomer, BASE_URL);
  const email = `lin-${Date.now()}@example.com`;
  const newcomersWay = await continueWithGoogleFrom(newcomer, "/custom-sign-in");
  await approveNewGoogleIdentity(newcomer, email, "Lin", "Volta");
  await landOnDashboardThroughCallback(newcomer, newcomersWay, "Lin");
  await expectGoogleUser(newcomer, email, "Lin", "Volta");
  const unhandled = await newcomer.request.get("/__clerk_local/unhandled");
  expect(await unhandled.json()).toEqual([]);
  newcomerWatch.assertClean();
  await context.close();
});
