import { ADA, bapi, expect, test, totpCode, uniqueEmail, waitReady } from "./support";
import type { Page } from "@playwright/test";

// Social sign-in through the instance's stand-in for Google: Clerk's own button, the instance's
// consent page instead of Google's, Clerk's callback, and Clerk UI's sso-callback route.

/** Clicks Clerk's "Continue with Google" and waits for the instance's consent page. */
async function continueWithGoogle(page: Page) {
  await page.getByRole("button", { name: /Continue with Google/ }).click();
  await page.waitForURL(/\/__clerk\/local\/oauth\/authorize\?state=/);
  await expect(page.getByRole("heading", { name: "Sign in with Google" })).toBeVisible();
}

/** Types an identity on the consent page and approves it. */
async function approveTyped(page: Page, email: string, firstName: string, lastName: string) {
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("First name").fill(firstName);
  await page.getByLabel("Last name").fill(lastName);
  await page.getByRole("button", { name: "Continue", exact: true }).click();
}

/** Waits until Clerk UI's sso-callback route has signed `email` in and moved on to `landing`. */
async function landSignedIn(page: Page, email: string, landing: RegExp) {
  await page.waitForURL((url) => !url.hash.includes("sso-callback") && !url.pathname.startsWith("/__clerk"));
  await waitReady(page);
  await expect(page).toHaveURL(landing);
  await expect(page.locator("#state")).toContainText(email);
}

/** A new user (Backend API), signed in on the open page with a sign-in token. */
async function signInAsNewUser(page: Page, email: string) {
  const { status, body: user } = await bapi(page, "POST", "/v1/users", {
    email_address: [email],
    password: "analytical-engine-1843",
  });
  expect(status).toBe(200);
  const { body: ticket } = await bapi(page, "POST", "/v1/sign_in_tokens", { user_id: user.id });
  await page.evaluate(async (ticket) => {
    const clerk = (window as any).Clerk;
    const signIn = await clerk.client.signIn.create({ strategy: "ticket", ticket });
    await clerk.setActive({ session: signIn.createdSessionId });
  }, ticket.token);
  await expect(page.locator("#state")).toContainText(email);
  return user;
}

/** The Backend API user with this address. */
async function backendUser(page: Page, email: string) {
  const { status, body } = await bapi(page, "GET", `/v1/users?email_address=${encodeURIComponent(email)}`);
  expect(status).toBe(200);
  expect(body).toHaveLength(1);
  return body[0];
}

function expectGoogleAccount(account: any, email: string) {
  expect(account).toMatchObject({
    object: "external_account",
    provider: "oauth_google",
    email_address: email,
    verification: { status: "verified", strategy: "oauth_google" },
  });
  expect(account.id).toMatch(/^idn_/);
  expect(account.external_account_id).toMatch(/^eac_/);
}

test("<SignIn/> shows Continue with Google; a seed user picked on the consent page is signed in and linked", async ({
  page,
  playground,
}) => {
  await playground.open("sign-in,user-button");
  await continueWithGoogle(page);
  await page.getByRole("button", { name: `Continue as Ada Lovelace <${ADA.email}>` }).click();

  await landSignedIn(page, ADA.email, /\?c=user-button$/);
  const accounts = await page.evaluate(() =>
    (window as any).Clerk.user.externalAccounts.map((a: any) => [a.provider, a.emailAddress, a.verification?.status]),
  );
  expect(accounts).toEqual([["google", ADA.email, "verified"]]);
  // Linked by the verified address: Ada keeps her password and gains the Google account.
  const user = await backendUser(page, ADA.email);
  expect(user.password_enabled).toBe(true);
  expect(user.external_accounts).toHaveLength(1);
  expectGoogleAccount(user.external_accounts[0], ADA.email);

  // <UserProfile/> lists it under connected accounts, its logo served by the instance.
  await playground.open("user-profile");
  const connected = page.locator(".cl-profileSection__connectedAccounts");
  await expect(connected).toContainText("Google");
  await expect(connected).toContainText(ADA.email);
});

test("<SignIn/> with a Google identity nobody has is transferred to a sign-up", async ({ page, playground }) => {
  const email = uniqueEmail("grace");
  await playground.open("sign-in,user-button");
  await continueWithGoogle(page);
  await approveTyped(page, email, "Grace", "Hopper");

  await landSignedIn(page, email, /\?c=user-button$/);
  const user = await backendUser(page, email);
  expect([user.first_name, user.last_name, user.password_enabled]).toEqual(["Grace", "Hopper", false]);
  expectGoogleAccount(user.external_accounts[0], email);
});

test("<SignUp/> with Google creates the user", async ({ page, playground }) => {
  const email = uniqueEmail("katherine");
  await playground.open("sign-up,user-button");
  await continueWithGoogle(page);
  await approveTyped(page, email, "Katherine", "Johnson");

  await landSignedIn(page, email, /\?c=user-button$/);
  const user = await backendUser(page, email);
  expect(user.first_name).toBe("Katherine");
  expectGoogleAccount(user.external_accounts[0], email);
});

test("cancelling on the consent page returns to <SignIn/> with Clerk's error", async ({ page, playground }) => {
  await playground.open("sign-in");
  await continueWithGoogle(page);
  await page.getByRole("button", { name: "Cancel" }).click();

  await expect(page.getByText(/You did not grant access/)).toBeVisible();
  await expect(page.locator("#state")).toContainText('"session": null');
  await expect(page.locator("input[name=identifier]")).toBeVisible();
});

test("<UserProfile/> connects a Google account to a signed-in user", async ({ page, playground }) => {
  const email = uniqueEmail("ada-connect");
  const gmail = uniqueEmail("ada-gmail");
  await playground.open("user-profile");
  const user = await signInAsNewUser(page, email);
  await playground.open("user-profile");

  const connected = page.locator(".cl-profileSection__connectedAccounts");
  await connected.getByRole("button", { name: /Connect account/ }).click();
  await page.getByRole("menuitem", { name: /Google/ }).click();
  await page.waitForURL(/\/__clerk\/local\/oauth\/authorize\?state=/);
  await approveTyped(page, gmail, "Ada", "Lovelace");

  await page.waitForURL((url) => url.search === "?c=user-profile");
  await waitReady(page);
  await expect(connected).toContainText(gmail);
  const { body: after } = await bapi(page, "GET", `/v1/users/${user.id}`);
  expectGoogleAccount(after.external_accounts[0], gmail);
  expect(after.email_addresses.map((e: any) => e.email_address)).toEqual([email, gmail]);
});

test("Google is a first factor: a user with an authenticator app still enters its code", async ({ page, playground }) => {
  const email = uniqueEmail("ada-2fa");
  await playground.open("user-button");
  await signInAsNewUser(page, email);
  const secret: string = await page.evaluate(async () => (await (window as any).Clerk.user.createTOTP()).secret);
  await page.evaluate(async (code) => (window as any).Clerk.user.verifyTOTP({ code }), await totpCode(secret));
  await page.locator("#sign-out").click();
  await expect(page.locator("input[name=identifier]")).toBeVisible();

  await continueWithGoogle(page);
  await approveTyped(page, email, "Ada", "Twofactor");
  // Clerk UI's sso-callback route sends the still-incomplete sign-in to its factor-two step.
  await expect(page.getByText(/authenticator app/i).first()).toBeVisible();
  await page.keyboard.type(await totpCode(secret));
  await landSignedIn(page, email, /\?c=user-button$/);
});
