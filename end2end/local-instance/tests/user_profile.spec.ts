import { bapi, expect, latestCode, signInWithPassword, signUpAndOpenProfile, test, uniqueEmail } from "./support";

test("change the name in <UserProfile/>: the Backend API sees it", async ({ page, playground }) => {
  const email = uniqueEmail("mary");
  await signUpAndOpenProfile(page, playground, email, "difference-engine-1822");
  await page.getByRole("button", { name: /update profile/i }).click();
  await page.locator("input[name=firstName]").fill("Mary");
  await page.locator("input[name=lastName]").fill("Somerville");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.locator("#user-profile")).toContainText("Mary Somerville");

  const userId = await page.evaluate(() => (window as any).Clerk.user.id);
  const { status, body } = await bapi(page, "GET", `/v1/users/${userId}`);
  expect(status).toBe(200);
  expect([body.first_name, body.last_name]).toEqual(["Mary", "Somerville"]);
});

test("add an email address with a code, make it primary, remove the old one", async ({ page, playground }) => {
  const email = uniqueEmail("emmy");
  const extra = uniqueEmail("emmy-work");
  await signUpAndOpenProfile(page, playground, email, "noether-theorem-1918");
  await page.getByRole("button", { name: /add email address/i }).click();
  await page.locator("input[name=emailAddress]").fill(extra);
  await page.getByRole("button", { name: "Add", exact: true }).click();
  await page.keyboard.type(await latestCode(page, extra));
  await expect(page.locator("#user-profile")).toContainText(extra);
  await expect
    .poll(() => page.evaluate(() => (window as any).Clerk.user.emailAddresses.map((e: any) => [e.emailAddress, e.verification.status])))
    .toContainEqual([extra, "verified"]);


  // Make it the primary address, then remove the old one, both from the address's menu.
  const profile = page.locator("#user-profile");
  const row = (address: string) => profile.locator(".cl-profileSectionItem").filter({ hasText: address });
  await row(extra).getByRole("button").last().click();
  await page.getByRole("menuitem", { name: /set as primary/i }).click();
  await expect.poll(() => page.evaluate(() => (window as any).Clerk.user.primaryEmailAddress.emailAddress)).toBe(extra);
  // Clerk UI then moves the new primary address to the top, animated: wait for the list to settle
  // before clicking in it.
  await expect(profile.locator(".cl-profileSectionItem__emailAddresses").first()).toContainText(extra);
  await expect(row(extra)).toContainText("Primary");
  await row(email).getByRole("button").last().click();
  await page.getByRole("menuitem", { name: /remove/i }).click();
  // Submitted from the keyboard: the open card scrolls itself into view (smoothly), and a click
  // whose button moves between press and release submits nothing.
  const removal = page.waitForRequest((r) => r.url().includes("/v1/me/email_addresses/") && r.url().includes("_method=DELETE"));
  await profile.getByRole("button", { name: "Remove", exact: true }).press("Enter");
  await removal;
  await expect(profile).not.toContainText(email);
  const userId = await page.evaluate(() => (window as any).Clerk.user.id);
  const { body } = await bapi(page, "GET", `/v1/users/${userId}`);
  expect(body.email_addresses.map((e: any) => e.email_address)).toEqual([extra]);
});

test("change the password on the Security page, then sign in with the new one", async ({ page, playground }) => {
  const email = uniqueEmail("ida");
  await signUpAndOpenProfile(page, playground, email, "first-password-1");
  const profile = page.locator("#user-profile");
  await profile.getByRole("button", { name: "Security" }).click();
  // Active devices: this browser's session.
  await expect(profile).toContainText("127.0.0.1");
  await profile.getByRole("button", { name: /update password/i }).click();
  await profile.locator("input[name=newPassword]").fill("second-password-2");
  await profile.locator("input[name=confirmPassword]").fill("second-password-2");
  await profile.getByRole("button", { name: "Save", exact: true }).click();
  await expect(profile.getByRole("button", { name: /update password/i })).toBeVisible();
  await page.locator("#sign-out").click();
  await expect(page.locator("input[name=identifier]")).toBeVisible();
  await signInWithPassword(page, email, "second-password-2");
  await expect(page.locator("#state")).toContainText(email);
});

test("delete the account from <UserProfile/>: signed out, gone from the Backend API", async ({ page, playground }) => {
  const email = uniqueEmail("alan");
  await signUpAndOpenProfile(page, playground, email, "turing-machine-1936");
  const userId = await page.evaluate(() => (window as any).Clerk.user.id);
  const profile = page.locator("#user-profile");
  await profile.getByRole("button", { name: "Security" }).click();
  await profile.getByRole("button", { name: /delete account/i }).click();
  await profile.locator("input[name=deleteConfirmation]").fill("Delete account");
  await profile.getByRole("button", { name: /delete account/i }).last().click();
  await expect(page.locator("#state")).toContainText('"user": null');
  const { status } = await bapi(page, "GET", `/v1/users/${userId}`);
  expect(status).toBe(404);
});
