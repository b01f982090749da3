import { bapi, expect, signInWithPassword, test, uniqueEmail } from "./support";

/** A user of this test's own (the seeded one must stay usable by the other tests). */
async function createUser(page: Parameters<typeof bapi>[0], label: string) {
  const email = uniqueEmail(label);
  const password = `${label}-password-1`;
  const { body } = await bapi(page, "POST", "/v1/users", { email_address: [email], password });
  return { id: body.id as string, email, password };
}

test("a banned user's session ends and <SignIn/> refuses them", async ({ page, playground }) => {
  playground.allow(/^HTTP (401|403) /);
  const user = await createUser(page, "banned");
  await playground.open("sign-in,user-button");
  await signInWithPassword(page, user.email, user.password);
  await expect(page.locator("#state")).toContainText(user.email);

  const { body: banned } = await bapi(page, "POST", `/v1/users/${user.id}/ban`);
  expect(banned.banned).toBe(true);
  // The session was revoked: the next token refresh signs clerk-js out.
  const token = await page.evaluate(() => (window as any).Clerk.session.getToken({ skipCache: true }).catch(() => null));
  expect(token).toBeNull();

  await playground.open("sign-in");
  await expect(page.locator("#state")).toContainText('"session": null');
  await signInWithPassword(page, user.email, user.password);
  await expect(page.getByText(/account is banned/i)).toBeVisible();
  expect(await page.evaluate(() => (window as any).Clerk.user)).toBeNull();
});

test("a locked user is told so by <SignIn/>", async ({ page, playground }) => {
  playground.allow(/^HTTP 403 /);
  const user = await createUser(page, "locked");
  await bapi(page, "POST", `/v1/users/${user.id}/lock`);
  await playground.open("sign-in");
  await signInWithPassword(page, user.email, user.password);
  await expect(page.getByText(/account is locked.*60 minutes/i)).toBeVisible();
  expect(await page.evaluate(() => (window as any).Clerk.user)).toBeNull();
});
