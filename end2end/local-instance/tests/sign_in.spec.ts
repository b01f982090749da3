import { ADA, expect, signInWithPassword, test } from "./support";

test("sign in with a password, then sign out", async ({ page, playground }) => {
  await playground.open("sign-in,user-button");
  await signInWithPassword(page, ADA.email, ADA.password);
  await expect(page).toHaveURL(/\?c=user-button$/);
  await expect(page.locator("#state")).toContainText(ADA.email);
  expect(await page.evaluate(() => (window as any).Clerk.user.firstName)).toBe(ADA.firstName);

  await page.locator("#sign-out").click();
  await expect(page).toHaveURL(/\?c=sign-in$/);
  await expect(page.locator("#state")).toContainText('"session": null');
  await expect(page.locator("input[name=identifier]")).toBeVisible();
});

test("a wrong password is shown inline", async ({ page, playground }) => {
  playground.allow(/^HTTP 422 /);
  await playground.open("sign-in");
  await signInWithPassword(page, ADA.email, "not-the-password");
  await expect(page.locator("#error-password")).toContainText("Password is incorrect");
});

test("multi-session is off: a signed-in browser cannot start a second session", async ({ page, playground }) => {
  playground.allow(/^HTTP 400 POST .*\/v1\/client\/sign_ins/);
  await playground.open("sign-in");
  await signInWithPassword(page, ADA.email, ADA.password);
  await expect(page.locator("#state")).toContainText(ADA.email);
  const code = await page.evaluate(async ({ email, password }) => {
    try {
      await (window as any).Clerk.client.signIn.create({ identifier: email, password, strategy: "password" });
      return "signed in twice";
    } catch (error: any) {
      return error.errors?.[0]?.code ?? String(error);
    }
  }, ADA);
  expect(code).toBe("session_exists");
  expect(await page.evaluate(() => (window as any).Clerk.client.sessions.length)).toBe(1);
});
