import { createClerkClient } from "@clerk/backend";
import type { Page } from "@playwright/test";
import { BASE_URL } from "../playwright.config";
import {
  expect,
  SECRET_KEY,
  sessionClaims,
  signInWithPassword,
  signUpAndOpenProfile,
  test,
  totpCode,
  uniqueEmail,
} from "./support";

/** The app server's view: Clerk's own Backend SDK against the instance. */
const clerkClient = createClerkClient({ secretKey: SECRET_KEY, apiUrl: `${BASE_URL}/__clerk_local/api` });

/**
 * Sets up an authenticator app on `<UserProfile/>`'s Security page as a user would without a
 * phone to scan the QR code: reads the key, types the app's code, and reads the backup codes
 * Clerk UI shows once. Returns (secret, backup codes).
 */
async function addAuthenticatorApp(page: Page): Promise<[string, string[]]> {
  const profile = page.locator("#user-profile");
  await profile.getByRole("button", { name: "Security" }).click();
  await profile.getByRole("button", { name: /add two-step verification/i }).click();
  await page.getByRole("menuitem", { name: /authenticator application/i }).click();
  await profile.getByRole("button", { name: /can.t scan qr code/i }).click();
  let secret = "";
  await expect
    .poll(async () => {
      const values = await profile.locator("input").evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
      secret = values.find((v) => /^[A-Z2-7]{32}$/.test(v)) ?? "";
      return secret;
    })
    .not.toBe("");
  await profile.getByRole("button", { name: "Continue", exact: true }).click();
  await expect(profile.getByRole("textbox", { name: /verification code/i })).toBeFocused();
  await page.keyboard.type(await totpCode(secret));
  await expect(profile.getByText(/two-step verification is now enabled/i)).toBeVisible();
  // Shown twice: on screen, and in a hidden copy for printing.
  const codes = [...new Set(await profile.getByText(/^[a-z0-9]{8}$/).allInnerTexts())];
  expect(codes).toHaveLength(10);
  await profile.getByRole("button", { name: "Finish", exact: true }).click();
  await expect(profile.getByText(/two-step verification is now enabled/i)).toBeHidden();
  await expect(profile.getByText("Authenticator application", { exact: true })).toBeVisible();
  await expect(profile.getByText("Backup codes", { exact: true })).toBeVisible();
  return [secret, codes];
}

/** Signs out, then in with the password: Clerk UI must ask for the second factor. */
async function signInUntilSecondFactor(page: Page, email: string, password: string) {
  await page.locator("#sign-out").click();
  await expect(page.locator("input[name=identifier]")).toBeVisible();
  await signInWithPassword(page, email, password);
  await expect(page.getByText(/authenticator app/i).first()).toBeVisible();
}

test("two-step verification: add an authenticator app in <UserProfile/>, sign in with its code, reverify with it, sign in with a backup code", async ({
  page,
  playground,
}) => {
  // Three app codes: a code is taken once, so the third may wait for the next 30 s step.
  test.setTimeout(120_000);
  const email = uniqueEmail("grace");
  const password = "cobol-compiler-1959";
  await signUpAndOpenProfile(page, playground, email, password);
  const [secret, backupCodes] = await addAuthenticatorApp(page);
  const userId = await page.evaluate(() => (window as any).Clerk.user.id);
  const user = await clerkClient.users.getUser(userId);
  expect([user.totpEnabled, user.backupCodeEnabled, user.twoFactorEnabled]).toEqual([true, true, true]);
  // The session that set the app up has just proved it.
  expect((await sessionClaims(page)).fva).toEqual([0, 0]);

  // The app's code after the password.
  await signInUntilSecondFactor(page, email, password);
  await page.keyboard.type(await totpCode(secret));
  await expect(page.locator("#state")).toContainText(email);
  expect((await sessionClaims(page)).fva).toEqual([0, 0]);

  // Reverification, as `useReverification` opens it (both callbacks: the modal then closes
  // itself), at `multi_factor`: the password, then the app's code.
  await page.evaluate(() => {
    const done = (outcome: string) => () => ((window as any).reverified = outcome);
    (window as any).Clerk.__internal_openReverification({
      level: "multi_factor",
      afterVerification: done("verified"),
      afterVerificationCancelled: done("cancelled"),
    });
  });
  await page.locator("input[name=password]").fill(password);
  await page.getByRole("button", { name: "Continue", exact: true }).click();
  await expect(page.getByRole("textbox", { name: /verification code/i })).toBeFocused();
  await page.keyboard.type(await totpCode(secret));
  await expect.poll(() => page.evaluate(() => (window as any).reverified)).toBe("verified");
  await expect(page.getByRole("dialog")).toBeHidden();

  // A backup code instead ("Use another method").
  await signInUntilSecondFactor(page, email, password);
  await page.getByRole("link", { name: /use another method/i }).click();
  await page.getByRole("button", { name: /use a backup code/i }).click();
  await page.locator("input[name=code]").fill(backupCodes[0]);
  await page.getByRole("button", { name: "Continue", exact: true }).click();
  await expect(page.locator("#state")).toContainText(email);
  expect((await sessionClaims(page)).fva).toEqual([0, 0]);

  // The Backend API removes the app: the password alone signs in again.
  expect(await clerkClient.users.deleteUserTOTP(userId)).toEqual({ user_id: userId });
  expect((await clerkClient.users.getUser(userId)).twoFactorEnabled).toBe(false);
  await page.locator("#sign-out").click();
  await signInWithPassword(page, email, password);
  await expect(page.locator("#state")).toContainText(email);
  expect((await sessionClaims(page)).fva).toEqual([0, -1]);
});
