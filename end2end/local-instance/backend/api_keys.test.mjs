// apiKeys.* and authenticateRequest({ acceptsToken: "api_key" }), through the real
// `@clerk/backend`: a user's key, an organization's key, and what revoking or deleting does.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { BASE_URL, assertNothingUnhandled, clerk, clerkError, createUser } from "./support.mjs";

after(assertNothingUnhandled);

/** What the app's server concludes from `Authorization: Bearer <secret>`. */
async function authenticate(secret) {
  const request = new Request(`${BASE_URL}/api/notes`, { headers: { authorization: `Bearer ${secret}` } });
  const state = await clerk.authenticateRequest(request, { acceptsToken: "api_key" });
  return { state, auth: state.toAuth() };
}

test("a user's API key: created, verified, listed, then revoked", async () => {
  const { user } = await createUser("scripter");
  const key = await clerk.apiKeys.create({
    name: "backup script",
    subject: user.id,
    description: "nightly export",
    scopes: ["notes:read"],
    claims: { env: "ci" },
    secondsUntilExpiration: 600,
  });
  assert.match(key.secret, /^ak_/);
  assert.equal(key.subject, user.id);
  assert.equal(key.expiration - key.createdAt, 600_000);

  const verified = await clerk.apiKeys.verify(key.secret);
  assert.equal(verified.id, key.id);
  assert.equal(verified.name, "backup script");
  assert.equal(verified.secret, undefined, "verify does not echo the secret");

  const { state, auth } = await authenticate(key.secret);
  assert.equal(state.isAuthenticated, true, state.message);
  assert.equal(auth.tokenType, "api_key");
  assert.equal(auth.userId, user.id);
  assert.equal(auth.orgId, null);
  assert.deepEqual(auth.scopes, ["notes:read"]);
  assert.deepEqual(auth.claims, { env: "ci" });

  const listed = await clerk.apiKeys.list({ subject: user.id });
  assert.equal(listed.totalCount, 1);
  assert.equal((await clerk.apiKeys.getSecret(key.id)).secret, key.secret);

  await clerk.apiKeys.revoke({ apiKeyId: key.id, revocationReason: "leaked" });
  await clerkError(clerk.apiKeys.verify(key.secret), { status: 404, code: "resource_not_found" });
  const revoked = await authenticate(key.secret);
  assert.equal(revoked.state.isAuthenticated, false);
  assert.equal(revoked.state.reason, "token-invalid");
  assert.equal((await clerk.apiKeys.list({ subject: user.id })).totalCount, 0);
  assert.equal((await clerk.apiKeys.list({ subject: user.id, includeInvalid: true })).totalCount, 1);
});

test("an organization's key acts for the organization; keys die with their subject", async () => {
  const { user } = await createUser("owner");
  const org = await clerk.organizations.createOrganization({ name: "Key Holders", createdBy: user.id });
  const orgKey = await clerk.apiKeys.create({ name: "ci", subject: org.id });
  const { auth } = await authenticate(orgKey.secret);
  assert.equal(auth.orgId, org.id);
  assert.equal(auth.userId, null);

  const userKey = await clerk.apiKeys.create({ name: "laptop", subject: user.id });
  await clerk.users.deleteUser(user.id);
  await clerkError(clerk.apiKeys.verify(userKey.secret), { status: 404, code: "resource_not_found" });
  await clerk.organizations.deleteOrganization(org.id);
  await clerkError(clerk.apiKeys.verify(orgKey.secret), { status: 404, code: "resource_not_found" });

  await clerkError(clerk.apiKeys.create({ name: "nobody's", subject: "user_missing" }), {
    status: 404,
    code: "resource_not_found",
  });
  await clerkError(clerk.apiKeys.create({ subject: "user_missing" }), {
    status: 422,
    code: "form_param_missing",
    paramName: "name",
  });
});
