import { bapi, expect, test } from "./support";

// What @clerk/testing's `clerk.signIn({ page, emailAddress })` does: find the user with the
// Backend API, create a sign-in token, and sign in with it in the page (no UI, no password).
test("sign in with a Backend API sign-in token, as @clerk/testing does", async ({ page, playground }) => {
  await playground.open("user-button");
  const { body: users } = await bapi(page, "GET", "/v1/users?email_address=ada@example.com");
  expect(users).toHaveLength(1);
  const { status, body: ticket } = await bapi(page, "POST", "/v1/sign_in_tokens", {
    user_id: users[0].id,
    expires_in_seconds: 300,
  });
  expect(status).toBe(200);

  await page.evaluate(async (ticket) => {
    const clerk = (window as any).Clerk;
    const signIn = await clerk.client.signIn.create({ strategy: "ticket", ticket });
    await clerk.setActive({ session: signIn.createdSessionId });
  }, ticket.token);
  await expect(page.locator("#state")).toContainText("ada@example.com");
  expect(await page.evaluate(() => (window as any).Clerk.user.id)).toBe(users[0].id);
});
