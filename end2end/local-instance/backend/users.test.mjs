// users.*: what an app's server does with its users, through the real `@clerk/backend`.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { ADA, Browser, assertNothingUnhandled, clerk, clerkError, createUser, uniqueEmail } from "./support.mjs";

after(assertNothingUnhandled);

test("createUser, getUser, getUserList with filters and totalCount, getCount", async () => {
  const email = uniqueEmail("grace");
  const created = await clerk.users.createUser({
    emailAddress: [email],
    password: "compiler-cobol-1959",
    firstName: "Grace",
    lastName: "Hopper",
    externalId: `ext-${email}`,
    publicMetadata: { rank: "admiral" },
    privateMetadata: { clearance: 3 },
  });
  assert.match(created.id, /^user_/);
  assert.equal(created.firstName, "Grace");
  assert.equal(created.primaryEmailAddress.emailAddress, email);
  assert.deepEqual(created.publicMetadata, { rank: "admiral" });
  assert.deepEqual(created.privateMetadata, { clearance: 3 });
  assert.equal(created.banned, false);
  assert.equal(created.locked, false);
  assert.equal(created.passwordEnabled, true);

  const fetched = await clerk.users.getUser(created.id);
  assert.equal(fetched.id, created.id);
  assert.equal(fetched.externalId, `ext-${email}`);

  const { data, totalCount } = await clerk.users.getUserList({ emailAddress: [email] });
  assert.equal(totalCount, 1);
  assert.equal(data[0].id, created.id);
  const byExternal = await clerk.users.getUserList({ externalId: [`ext-${email}`] });
  assert.equal(byExternal.data[0].id, created.id);
  const byQuery = await clerk.users.getUserList({ query: email.split("@")[0] });
  assert.equal(byQuery.totalCount, 1);
  const paged = await clerk.users.getUserList({ limit: 1, offset: 0 });
  assert.equal(paged.data.length, 1);
  assert.ok(paged.totalCount >= 2);
  const count = await clerk.users.getCount({ userId: [created.id] });
  assert.equal(count, 1);

  await clerkError(clerk.users.createUser({ emailAddress: [email] }), {
    status: 422,
    code: "form_identifier_exists",
    paramName: "email_address",
  });
  await clerkError(clerk.users.getUser("user_missing"), { status: 404, code: "resource_not_found" });
});

test("updateUser, updateUserMetadata (merge), replaceUserMetadata, deleteUser", async () => {
  const { user } = await createUser("barbara", { publicMetadata: { a: { b: 1 }, keep: true } });
  const renamed = await clerk.users.updateUser(user.id, { firstName: "Barbara", lastName: "Liskov" });
  assert.equal(renamed.fullName, "Barbara Liskov");

  const merged = await clerk.users.updateUserMetadata(user.id, {
    publicMetadata: { a: { c: 2 } },
    privateMetadata: { tier: "gold" },
  });
  assert.deepEqual(merged.publicMetadata, { a: { b: 1, c: 2 }, keep: true });
  assert.deepEqual(merged.privateMetadata, { tier: "gold" });

  const replaced = await clerk.users.replaceUserMetadata(user.id, { publicMetadata: { a: 3 } });
  assert.deepEqual(replaced.publicMetadata, { a: 3 });
  // Not sent: unchanged.
  assert.deepEqual(replaced.privateMetadata, { tier: "gold" });

  const deleted = await clerk.users.deleteUser(user.id);
  assert.equal(deleted.id, user.id);
  assert.equal(deleted.deleted, true);
  await clerkError(clerk.users.getUser(user.id), { status: 404, code: "resource_not_found" });
});

test("verifyPassword: { verified: true }, or incorrect_password", async () => {
  const [ada] = (await clerk.users.getUserList({ emailAddress: [ADA.email] })).data;
  assert.deepEqual(await clerk.users.verifyPassword({ userId: ada.id, password: ADA.password }), {
    verified: true,
  });
  await clerkError(clerk.users.verifyPassword({ userId: ada.id, password: "not-her-password" }), {
    status: 422,
    code: "incorrect_password",
    paramName: "password",
  });
});

test("banUser revokes the sessions and the Frontend API refuses the sign-in; unbanUser lets it in", async () => {
  const { user, email, password } = await createUser("mallory");
  const browser = new Browser();
  const { sessionId } = await browser.signIn(email, password);
  assert.match(sessionId, /^sess_/);

  const banned = await clerk.users.banUser(user.id);
  assert.equal(banned.banned, true);
  const session = await clerk.sessions.getSession(sessionId);
  assert.equal(session.status, "revoked");
  assert.equal((await browser.refreshToken(sessionId)).status, 401);

  const refused = await new Browser().signIn(email, password);
  assert.equal(refused.status, 403);
  assert.equal(refused.body.errors[0].code, "user_banned");

  const unbanned = await clerk.users.unbanUser(user.id);
  assert.equal(unbanned.banned, false);
  assert.equal((await new Browser().signIn(email, password)).status, 200);
});

test("lockUser: locked (lockout_expires_in_seconds in the raw JSON), sign-in refused with user_locked; unlockUser", async () => {
  const { user, email, password } = await createUser("trudy");
  const locked = await clerk.users.lockUser(user.id);
  assert.equal(locked.locked, true);
  // Clerk's default lockout: an hour. The SDK keeps the field in `raw` only.
  const seconds = locked.raw.lockout_expires_in_seconds;
  assert.ok(seconds > 3500 && seconds <= 3600, `${seconds}`);

  const refused = await new Browser().signIn(email, password);
  assert.equal(refused.status, 403);
  assert.equal(refused.body.errors[0].code, "user_locked");
  assert.ok(refused.body.errors[0].meta.lockout_expires_in_seconds > 3500);

  const unlocked = await clerk.users.unlockUser(user.id);
  assert.equal(unlocked.locked, false);
  assert.equal(unlocked.raw.lockout_expires_in_seconds, null);
  assert.equal((await new Browser().signIn(email, password)).status, 200);
});
