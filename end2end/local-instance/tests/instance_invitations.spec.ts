import { bapi, expect, submitSignUp, test, uniqueEmail } from "./support";

test("an invitation link signs up through <SignUp/> with its ticket, and the invitation is accepted", async ({
  page,
  playground,
  baseURL,
}) => {
  const email = uniqueEmail("invited");
  const { status, body: invitation } = await bapi(page, "POST", "/v1/invitations", {
    email_address: email,
    redirect_url: `${baseURL}/?c=sign-up,user-button`,
    public_metadata: { team: "compilers" },
  });
  expect(status).toBe(200);

  // What the invitation email links to: <SignUp/> reads `__clerk_ticket` and signs up with it;
  // only the password is left to type.
  const link = new URL(invitation.url);
  expect(link.searchParams.get("__clerk_ticket")).toBeTruthy();
  await playground.open("sign-up,user-button", Object.fromEntries(link.searchParams));
  await page.locator("input[name=password]").fill("invited-password-1");
  await submitSignUp(page);

  await expect(page.locator("#state")).toContainText(email);
  const userId = await page.evaluate(() => (window as any).Clerk.user.id);
  const { body: user } = await bapi(page, "GET", `/v1/users/${userId}`);
  expect(user.public_metadata).toEqual({ team: "compilers" });
  const query = new URLSearchParams({ status: "accepted", query: email, paginated: "true" });
  const { body: accepted } = await bapi(page, "GET", `/v1/invitations?${query}`);
  expect(accepted.data.map((i: { id: string }) => i.id)).toEqual([invitation.id]);
});
