import { ADA, expect, latestCode, test } from "./support";

test("sign in with a code sent to the email address", async ({ page, playground }) => {
  await playground.open("sign-in,user-button");
  await page.locator("input[name=identifier]").fill(ADA.email);
  await page.getByRole("button", { name: "Continue", exact: true }).click();
  await page.getByRole("link", { name: /use another method/i }).click();
  await page.getByRole("button", { name: new RegExp(`email code to ${ADA.email}`, "i") }).click();

  // No email leaves the machine: the code is in the log and behind a test-only endpoint.
  await page.getByText(/check your email/i).waitFor();
  await page.keyboard.type(await latestCode(page, ADA.email));

  await expect(page).toHaveURL(/\?c=user-button$/);
  await expect(page.locator("#state")).toContainText(ADA.email);
});
