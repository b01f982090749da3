import { expect, test } from "@playwright/test";
import { BASE_URL } from "../playwright.config";
import {
  ADA,
  approveNewGoogleIdentity,
  emailedCode,
  SECRET_KEY,
  continueWithGoogleFrom,
  expectGoogleUser,
  landOnDashboardThroughCallback,
  newUser,
  PAGE_LOAD,
} from "./accounts";
import { waitForClerk, watchPage } from "./watch";

// scripts/test runs this against both of its servers: one that neither verifies email
// addresses at sign-up nor asks for names, and one that does both (CLERK_LOCAL_EMAIL_VERIFICATION
// and CLERK_LOCAL_REQUIRE_NAME, which it also passes here), so each path of the form is taken by
// one of them. Names are more than the form asks for: Clerk's <SignUp/> continues the sign-up.
test("use_sign_up(): the app's own form shows Clerk's refusal, then signs up (with the emailed code, and names on Clerk's page, where the instance asks for them) and lands on the dashboard", async ({ page }) => {
  expect(SECRET_KEY, "scripts/test passes the local instance's CLERK_SECRET_KEY").not.toBe("");
  const watch = watchPage(page, BASE_URL, [/status of 422/, /^HTTP 422 /]);
  const environment = await (await page.request.get("/__clerk/v1/environment")).json();
  const verifiesEmail: boolean = environment.user_settings.attributes.email_address.verify_at_sign_up;
  const expected = process.env.CLERK_LOCAL_EMAIL_VERIFICATION;
  if (expected) expect(verifiesEmail, "the server runs with CLERK_LOCAL_EMAIL_VERIFICATION").toBe(expected === "true");
  const requiresName: boolean = environment.user_settings.attributes.first_name.required;
  const expectedName = process.env.CLERK_LOCAL_REQUIRE_NAME;
  if (expectedName) expect(requiresName, "the server runs with CLERK_LOCAL_REQUIRE_NAME").toBe(expectedName === "true");

  await page.goto("/custom-sign-up");
  const form = page.locator("#custom-sign-up");
  const submit = form.getByRole("button", { name: "Sign up" });
  // The server's HTML has the form; it works once clerk-js has loaded.
  await expect(submit).toBeEnabled();
  await waitForClerk(page);
  // Where Clerk's bot protection would put its CAPTCHA.
  await expect(form.locator("#clerk-captcha")).toHaveCount(1);

  // An address that is taken and a password too short: Clerk refuses both in one answer, and
  // each message stands under its field.
  const emailError = page.locator("#custom-sign-up-email-error");
  const passwordError = page.locator("#custom-sign-up-password-error");
  const alert = page.locator("#custom-sign-up-error");
  await form.getByLabel("Email address").fill(ADA.email);
  await form.getByLabel("Password").fill("short");
  await submit.click();
  await expect(emailError).toHaveText("That email address is taken. Please try another.");
  await expect(passwordError).toHaveText(/^Your password must contain \d+ or more characters\.$/);
  await expect(alert).toHaveCount(0);
  // A long enough password: only the address is refused.
  const password = "a-new-password-1843";
  await form.getByLabel("Password").fill(password);
  await submit.click();
  await expect(emailError).toHaveText("That email address is taken. Please try another.");
  await expect(passwordError).toHaveCount(0);
  await expect(page).toHaveURL(/\/custom-sign-up$/);

  const user = newUser("Mary");
  await form.getByLabel("Email address").fill(user.email);
  await submit.click();
  if (verifiesEmail) {
    const codeForm = page.locator("#custom-sign-up-code");
    await expect(codeForm).toContainText(`We emailed a code to ${user.email}.`);
    // Not signed in before the code.
    expect(await page.evaluate(() => (window as any).Clerk.user)).toBeNull();
    const code = await emailedCode(page.request, user.email);
    await codeForm.getByLabel("Code").fill(code === "000000" ? "111111" : "000000");
    await codeForm.getByRole("button", { name: "Verify" }).click();
    await expect(alert).toHaveText("Incorrect code");
    // Another code replaces the first, which no longer works.
    await codeForm.getByRole("button", { name: "Send a new code" }).click();
    await expect(page.locator("#custom-sign-up-notice")).toHaveText("We sent a new code.");
    await expect(alert).toHaveCount(0);
    await expect.poll(() => emailedCode(page.request, user.email)).not.toBe(code);
    await codeForm.getByLabel("Code").fill(code);
    await codeForm.getByRole("button", { name: "Verify" }).click();
    await expect(alert).toHaveText("Incorrect code");
    await codeForm.getByLabel("Code").fill(await emailedCode(page.request, user.email));
    await codeForm.getByRole("button", { name: "Verify" }).click();
  }

  if (requiresName) {
    // The form has done its part; Clerk's <SignUp/> asks for the rest, then comes back.
    await expect(page).toHaveURL(/\/sign-up\/continue\?redirect_url=%2Fdashboard$/);
    expect(await page.evaluate(() => (window as any).Clerk.user)).toBeNull();
    await page.locator("input[name=firstName]").fill("Mary");
    await page.locator("input[name=lastName]").fill("Somerville");
    // Clerk UI's continue step asks for a required password again, whatever the sign-up holds
    // (its `minimizeFieldsForExistingSignup` drops it only after a social or web3 sign-up).
    await page.locator("input[name=password]").fill(password);
    await page.locator("input[name=password]").press("Enter");
  }

  // set_active, then the router's navigation: the dashboard, and the server sees the session.
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.locator("#greeting")).toHaveText(requiresName ? "Hello, Mary!" : "Hello, there!");
  expect((await page.request.get("/dashboard", { maxRedirects: 0, headers: PAGE_LOAD })).status()).toBe(200);
  // The Backend API has the user, with the address verified where the instance verifies them.
  const userId = await page.evaluate(() => (window as any).Clerk.user.id);
  const response = await page.request.get(`/__clerk_local/api/v1/users/${userId}`, {
    headers: { authorization: `Bearer ${SECRET_KEY}` },
  });
  const created = await response.json();
  expect(created.email_addresses.map((address: any) => address.email_address)).toEqual([user.email]);
  if (verifiesEmail) expect(created.email_addresses[0].verification.status).toBe("verified");
  if (requiresName) expect(created).toMatchObject({ first_name: "Mary", last_name: "Somerville" });

  // Signed in, the page says so instead of showing the form.
  await page.goto("/custom-sign-up");
  await expect(page.locator("#custom-sign-up-done")).toBeVisible();
  await expect(form).toHaveCount(0);
  watch.assertClean();
});

test("use_sign_up() with Google: a new address becomes a user with its Google account, and a known one is signed in instead, both through <AuthenticateWithRedirectCallback> on /sso-callback", async ({ page, browser }) => {
  const watch = watchPage(page, BASE_URL);
  const email = newUser("Emmy").email;
  const way = await continueWithGoogleFrom(page, "/custom-sign-up");
  await approveNewGoogleIdentity(page, email, "Emmy", "Noether");
  await landOnDashboardThroughCallback(page, way, "Emmy");
  await expectGoogleUser(page, email, "Emmy", "Noether");
  watch.assertClean();

  // Ada has a user: clerk-js turns the sign-up into a sign-in on the callback page.
  const context = await browser.newContext();
  const ada = await context.newPage();
  const adaWatch = watchPage(ada, BASE_URL);
  const adasWay = await continueWithGoogleFrom(ada, "/custom-sign-up");
  await ada.getByRole("button", { name: `Continue as Ada Lovelace <${ADA.email}>` }).click();
  await landOnDashboardThroughCallback(ada, adasWay, ADA.firstName);
  adaWatch.assertClean();
  await context.close();
});
