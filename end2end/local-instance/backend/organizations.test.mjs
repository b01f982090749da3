// organizations.* with memberships and invitations, through the real `@clerk/backend`.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, test } from "node:test";
import { assertNothingUnhandled, clerk, clerkError, createUser, uniqueEmail } from "./support.mjs";

after(assertNothingUnhandled);

test("create, get (by id and slug), list { data, totalCount }, update, metadata merge and replace, delete", async () => {
  const { user: owner } = await createUser("owner");
  const name = `Analytical ${randomUUID().slice(0, 8)}`;
  const org = await clerk.organizations.createOrganization({
    name,
    createdBy: owner.id,
    publicMetadata: { plan: "free", limits: { seats: 5 } },
  });
  assert.match(org.id, /^org_/);
  assert.equal(org.name, name);
  assert.equal(org.createdBy, owner.id);
  assert.equal((await clerk.organizations.getOrganization({ organizationId: org.id })).id, org.id);
  assert.equal((await clerk.organizations.getOrganization({ slug: org.slug })).id, org.id);

  const { data, totalCount } = await clerk.organizations.getOrganizationList({ query: name });
  assert.equal(totalCount, 1);
  assert.equal(data[0].id, org.id);

  const renamed = await clerk.organizations.updateOrganization(org.id, { name: `${name} Engines` });
  assert.equal(renamed.name, `${name} Engines`);
  const merged = await clerk.organizations.updateOrganizationMetadata(org.id, {
    publicMetadata: { limits: { storage: 10 } },
    privateMetadata: { billing: "acct_1" },
  });
  assert.deepEqual(merged.publicMetadata, { plan: "free", limits: { seats: 5, storage: 10 } });
  assert.deepEqual(merged.privateMetadata, { billing: "acct_1" });
  const replaced = await clerk.organizations.replaceOrganizationMetadata(org.id, { publicMetadata: { plan: "pro" } });
  assert.deepEqual(replaced.publicMetadata, { plan: "pro" });
  assert.deepEqual(replaced.privateMetadata, { billing: "acct_1" });

  await clerkError(clerk.organizations.createOrganization({ name: "Again", slug: org.slug }), {
    status: 422,
    code: "form_identifier_exists",
    paramName: "slug",
  });
  const deleted = await clerk.organizations.deleteOrganization(org.id);
  assert.equal(deleted.deleted, true);
  await clerkError(clerk.organizations.getOrganization({ organizationId: org.id }), {
    status: 404,
    code: "resource_not_found",
  });
});

test("memberships: create, list, update the role, a user's list, delete", async () => {
  const { user: owner } = await createUser("founder");
  const { user: member } = await createUser("member");
  const org = await clerk.organizations.createOrganization({ name: "Members", createdBy: owner.id });

  const membership = await clerk.organizations.createOrganizationMembership({
    organizationId: org.id,
    userId: member.id,
    role: "org:member",
  });
  assert.match(membership.id, /^orgmem_/);
  assert.equal(membership.role, "org:member");
  assert.equal(membership.publicUserData.userId, member.id);
  assert.equal(membership.organization.id, org.id);

  const { data, totalCount } = await clerk.organizations.getOrganizationMembershipList({ organizationId: org.id });
  assert.equal(totalCount, 2);
  assert.deepEqual(new Set(data.map((m) => m.publicUserData.userId)), new Set([owner.id, member.id]));

  const promoted = await clerk.organizations.updateOrganizationMembership({
    organizationId: org.id,
    userId: member.id,
    role: "org:admin",
  });
  assert.equal(promoted.role, "org:admin");
  assert.ok(promoted.permissions.includes("org:dashboard:manage"));

  // A session made for tests with the organization active: its token carries it.
  const session = await clerk.sessions.createSession({ userId: member.id, activeOrganizationId: org.id });
  assert.equal(session.lastActiveOrganizationId, org.id);
  const { jwt } = await clerk.sessions.getToken(session.id);
  const claims = JSON.parse(Buffer.from(jwt.split(".")[1], "base64url"));
  assert.deepEqual([claims.o.id, claims.o.rol], [org.id, "admin"]);

  const mine = await clerk.users.getOrganizationMembershipList({ userId: member.id });
  assert.equal(mine.totalCount, 1);
  assert.equal(mine.data[0].organization.id, org.id);

  await clerkError(
    clerk.organizations.createOrganizationMembership({ organizationId: org.id, userId: member.id, role: "org:member" }),
    { status: 422, code: "already_a_member_in_organization" },
  );
  const removed = await clerk.organizations.deleteOrganizationMembership({ organizationId: org.id, userId: member.id });
  assert.equal(removed.publicUserData.userId, member.id);
  assert.equal((await clerk.users.getOrganizationMembershipList({ userId: member.id })).totalCount, 0);
});

test("organization invitations: create, list, revoke", async () => {
  const { user: owner } = await createUser("inviter");
  const org = await clerk.organizations.createOrganization({ name: "Inviting", createdBy: owner.id });
  const emailAddress = uniqueEmail("invitee");
  const invitation = await clerk.organizations.createOrganizationInvitation({
    organizationId: org.id,
    emailAddress,
    role: "org:member",
    inviterUserId: owner.id,
  });
  assert.match(invitation.id, /^orginv_/);
  assert.equal(invitation.emailAddress, emailAddress);
  assert.equal(invitation.status, "pending");
  assert.equal(invitation.organizationId, org.id);

  const { data, totalCount } = await clerk.organizations.getOrganizationInvitationList({ organizationId: org.id });
  assert.equal(totalCount, 1);
  assert.equal(data[0].id, invitation.id);

  const revoked = await clerk.organizations.revokeOrganizationInvitation({
    organizationId: org.id,
    invitationId: invitation.id,
    requestingUserId: owner.id,
  });
  assert.equal(revoked.status, "revoked");
});
