import { bapi, expect, submitSignUp, test, uniqueEmail, WAITLIST_SECRET_KEY, WAITLIST_URL } from "./support";

// An instance whose sign-ups go through the waitlist (`sign_up_mode = "waitlist"`).
test.use({ baseURL: WAITLIST_URL });

test("<SignIn/> leads to <Waitlist/>; once the Backend API invites the entry, its invitation signs up through <SignUp/>", async ({
  page,
  playground,
}) => {
  const email = uniqueEmail("early");
  await playground.open("sign-in");
  await page.getByRole("link", { name: "Join waitlist" }).click();
  await expect(page.locator("body[data-mounted='waitlist']")).toBeAttached();
  await page.locator("#waitlist input[name=emailAddress]").fill(email);
  await page.getByRole("button", { name: "Join the waitlist" }).click();
  await expect(page.getByText("Thanks for joining the waitlist!")).toBeVisible();

  const query = new URLSearchParams({ query: email, status: "pending" });
  const { body: pending } = await bapi(page, "GET", `/v1/waitlist_entries?${query}`, undefined, WAITLIST_SECRET_KEY);
  expect(pending.total_count).toBe(1);
  const entry = pending.data[0];

  // <SignUp/> without an invitation: Clerk's "Access restricted", pointing to the waitlist.
  await playground.open("sign-up");
  await expect(page.getByText("Access restricted")).toBeVisible();
  await expect(page.getByRole("button", { name: "Join waitlist" })).toBeVisible();

  // Invited: the invitation email's link opens <SignUp/> with its ticket; only a password is left.
  const { status, body: invited } = await bapi(
    page,
    "POST",
    `/v1/waitlist_entries/${entry.id}/invite`,
    {},
    WAITLIST_SECRET_KEY,
  );
  expect(status).toBe(200);
  const link = new URL(invited.invitation.url);
  await playground.open("sign-up,user-button", Object.fromEntries(link.searchParams));
  await page.locator("input[name=password]").fill("waited-patiently-1");
  await submitSignUp(page);
  await expect(page.locator("#state")).toContainText(email);
  const { body: completed } = await bapi(
    page,
    "GET",
    `/v1/waitlist_entries?${new URLSearchParams({ query: email })}`,
    undefined,
    WAITLIST_SECRET_KEY,
  );
  expect(completed.data[0].status).toBe("completed");
});
