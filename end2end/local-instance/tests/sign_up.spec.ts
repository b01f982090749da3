import { bapi, expect, latestCode, submitSignUp, test, uniqueEmail, VERIFICATION_URL } from "./support";

test("sign up with email, password and a name (no email verification)", async ({ page, playground }) => {
  const email = uniqueEmail("grace");
  await playground.open("sign-up,user-button");
  await page.locator("input[name=firstName]").fill("Grace");
  await page.locator("input[name=lastName]").fill("Hopper");
  await page.locator("input[name=emailAddress]").fill(email);
  await page.locator("input[name=password]").fill("compiler-cobol-1959");
  await submitSignUp(page);

  await expect(page).toHaveURL(/\?c=user-button$/);
  await expect(page.locator("#state")).toContainText(email);
  const userId = await page.evaluate(() => (window as any).Clerk.user.id);
  const { status, body } = await bapi(page, "GET", `/v1/users/${userId}`);
  expect(status).toBe(200);
  expect([body.first_name, body.last_name, body.email_addresses[0].email_address]).toEqual(["Grace", "Hopper", email]);
});

test.describe("with email verification on", () => {
  test.use({ baseURL: VERIFICATION_URL });

  test("sign up, then confirm the email address with the code", async ({ page, playground }) => {
    const email = uniqueEmail("katherine");
    await playground.open("sign-up,user-button");
    await page.locator("input[name=emailAddress]").fill(email);
    await page.locator("input[name=password]").fill("orbital-mechanics-1962");
    await submitSignUp(page);

    await page.getByText(/verify your email/i).waitFor();
    expect(await page.evaluate(() => (window as any).Clerk.user)).toBeNull();
    await page.keyboard.type(await latestCode(page, email));

    await expect(page).toHaveURL(/\?c=user-button$/);
    await expect(page.locator("#state")).toContainText(email);
  });
});
