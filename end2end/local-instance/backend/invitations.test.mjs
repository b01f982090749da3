// invitations.*: invitations to the instance, and the invited address signing up with the
// invitation's ticket through the Frontend API.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { ADA, Browser, assertNothingUnhandled, clerk, clerkError, uniqueEmail } from "./support.mjs";

after(assertNothingUnhandled);

test("createInvitation, getInvitationList { data, totalCount }, sign-up with the ticket accepts it", async () => {
  const emailAddress = uniqueEmail("invited");
  const invitation = await clerk.invitations.createInvitation({
    emailAddress,
    publicMetadata: { team: "compilers" },
    redirectUrl: "http://127.0.0.1/welcome",
    notify: false,
  });
  assert.match(invitation.id, /^inv_/);
  assert.equal(invitation.emailAddress, emailAddress);
  assert.equal(invitation.status, "pending");
  assert.equal(invitation.revoked, false);
  assert.deepEqual(invitation.publicMetadata, { team: "compilers" });
  const url = new URL(invitation.url);
  assert.equal(url.pathname, "/welcome");
  const ticket = url.searchParams.get("__clerk_ticket");
  assert.ok(ticket);

  const pending = await clerk.invitations.getInvitationList({ status: "pending", query: emailAddress });
  assert.equal(pending.totalCount, 1);
  assert.equal(pending.data[0].id, invitation.id);

  await clerkError(clerk.invitations.createInvitation({ emailAddress }), {
    status: 400,
    code: "duplicate_record",
    paramName: "email_address",
  });
  await clerkError(clerk.invitations.createInvitation({ emailAddress: ADA.email }), {
    status: 422,
    code: "form_identifier_exists",
    paramName: "email_address",
  });

  // What <SignUp/> does with `__clerk_ticket`: the address comes from the invitation.
  const signedUp = await new Browser().send("POST", "/v1/client/sign_ups", {
    strategy: "ticket",
    ticket,
    password: "invited-password-1",
  });
  assert.equal(signedUp.status, 200);
  assert.equal(signedUp.body.response.status, "complete");
  assert.equal(signedUp.body.response.email_address, emailAddress);
  const user = await clerk.users.getUser(signedUp.body.response.created_user_id);
  assert.deepEqual(user.publicMetadata, { team: "compilers" });

  const accepted = await clerk.invitations.getInvitationList({ status: "accepted", query: emailAddress });
  assert.equal(accepted.data[0].status, "accepted");
});

test("revokeInvitation, ignoreExisting, deleteInvitation", async () => {
  const emailAddress = uniqueEmail("revoked");
  const invitation = await clerk.invitations.createInvitation({ emailAddress });
  const again = await clerk.invitations.createInvitation({ emailAddress, ignoreExisting: true });
  assert.notEqual(again.id, invitation.id);

  const revoked = await clerk.invitations.revokeInvitation(invitation.id);
  assert.equal(revoked.status, "revoked");
  assert.equal(revoked.revoked, true);
  const listed = await clerk.invitations.getInvitationList({ query: emailAddress });
  assert.deepEqual(listed.data.map((i) => i.id), [again.id]);
  await clerkError(clerk.invitations.revokeInvitation(invitation.id), {
    status: 400,
    code: "revoke_invitation_not_pending",
  });

  const deleted = await clerk.invitations.deleteInvitation(again.id);
  assert.equal(deleted.id, again.id);
  assert.equal(deleted.deleted, true);
  assert.equal((await clerk.invitations.getInvitationList({ query: emailAddress })).totalCount, 0);
});

test("createInvitationBulk: all or none", async () => {
  const [first, second] = [uniqueEmail("bulk"), uniqueEmail("bulk")];
  const created = await clerk.invitations.createInvitationBulk([
    { emailAddress: first, publicMetadata: { n: 1 } },
    { emailAddress: second },
  ]);
  assert.deepEqual(created.map((i) => [i.emailAddress, i.status]), [[first, "pending"], [second, "pending"]]);
  assert.deepEqual(created[0].publicMetadata, { n: 1 });

  const third = uniqueEmail("bulk");
  await clerkError(clerk.invitations.createInvitationBulk([{ emailAddress: third }, { emailAddress: first }]), {
    status: 400,
    code: "duplicate_record",
  });
  assert.equal((await clerk.invitations.getInvitationList({ query: third })).totalCount, 0);
});
