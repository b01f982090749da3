// waitlistEntries.*: the waitlist as the Backend API manages it (the instance here has public
// sign-ups: entries are made by the Backend API, as `<Waitlist/>` makes them in waitlist mode).
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { ADA, Browser, assertNothingUnhandled, clerk, clerkError, uniqueEmail } from "./support.mjs";

after(assertNothingUnhandled);

test("create (twice is once), createBulk, list { data, totalCount } by status and query", async () => {
  const emailAddress = uniqueEmail("waiting");
  const entry = await clerk.waitlistEntries.create({ emailAddress });
  assert.match(entry.id, /^wle_/);
  assert.equal(entry.emailAddress, emailAddress);
  assert.equal(entry.status, "pending");
  assert.equal(entry.invitation, null);
  assert.equal((await clerk.waitlistEntries.create({ emailAddress })).id, entry.id);

  const [first, second] = await clerk.waitlistEntries.createBulk([
    { emailAddress: uniqueEmail("bulk") },
    { emailAddress: uniqueEmail("bulk") },
  ]);
  assert.notEqual(first.id, second.id);

  const found = await clerk.waitlistEntries.list({ query: emailAddress, status: "pending" });
  assert.equal(found.totalCount, 1);
  assert.equal(found.data[0].id, entry.id);
  const page = await clerk.waitlistEntries.list({ limit: 2, offset: 0 });
  assert.equal(page.data.length, 2);
  assert.ok(page.totalCount >= 3);

  await clerkError(clerk.waitlistEntries.create({ emailAddress: "nobody" }), {
    status: 422,
    code: "form_param_format_invalid",
    paramName: "email_address",
  });
});

test("invite makes an invitation to the sign-up page; the address signing up completes the entry", async () => {
  const emailAddress = uniqueEmail("invited");
  const entry = await clerk.waitlistEntries.create({ emailAddress });
  const invited = await clerk.waitlistEntries.invite(entry.id);
  assert.equal(invited.status, "invited");
  assert.match(invited.invitation.id, /^inv_/);
  assert.equal(invited.invitation.status, "pending");
  const url = new URL(invited.invitation.url);
  assert.equal(url.pathname, "/sign-up");
  const ticket = url.searchParams.get("__clerk_ticket");
  assert.ok(ticket);

  const signedUp = await new Browser().send("POST", "/v1/client/sign_ups", {
    strategy: "ticket",
    ticket,
    password: "invited-password-1",
  });
  assert.equal(signedUp.status, 200);
  const completed = await clerk.waitlistEntries.list({ query: emailAddress });
  assert.equal(completed.data[0].status, "completed");
  assert.equal(completed.data[0].invitation.status, "accepted");
  await clerkError(clerk.waitlistEntries.reject(entry.id), { status: 422, code: "waitlist_entry_completed" });
});

test("reject revokes the invitation; delete takes pending entries only; an account's address cannot be invited", async () => {
  const entry = await clerk.waitlistEntries.create({ emailAddress: uniqueEmail("rejected") });
  await clerk.waitlistEntries.invite(entry.id);
  const rejected = await clerk.waitlistEntries.reject(entry.id);
  assert.equal(rejected.status, "rejected");
  assert.equal(rejected.invitation.status, "revoked");
  await clerkError(clerk.waitlistEntries.delete(entry.id), { status: 422, code: "waitlist_entry_not_pending" });

  const pending = await clerk.waitlistEntries.create({ emailAddress: uniqueEmail("deleted") });
  const deleted = await clerk.waitlistEntries.delete(pending.id);
  assert.equal(deleted.id, pending.id);
  assert.equal(deleted.deleted, true);
  await clerkError(clerk.waitlistEntries.invite(pending.id), { status: 404, code: "resource_not_found" });

  const ada = await clerk.waitlistEntries.create({ emailAddress: ADA.email });
  await clerkError(clerk.waitlistEntries.invite(ada.id), {
    status: 422,
    code: "form_identifier_exists",
    paramName: "email_address",
  });
});
