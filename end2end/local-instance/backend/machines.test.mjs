// machines.* and m2m.*, and authenticateRequest({ acceptsToken: "m2m_token" }), through the real
// `@clerk/backend`: one machine asks for a token with its own secret key, another one verifies it.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, test } from "node:test";
import { API_URL, BASE_URL, SECRET_KEY, assertNothingUnhandled, clerk, clerkError } from "./support.mjs";

after(assertNothingUnhandled);

/** A worker that calls an API machine: both with their secret keys. */
async function machines() {
  const suffix = randomUUID().slice(0, 8);
  const api = await clerk.machines.create({ name: `api-${suffix}` });
  const worker = await clerk.machines.create({ name: `worker-${suffix}`, scopedMachines: [api.id] });
  assert.match(worker.id, /^mch_/);
  assert.match(worker.secretKey, /^ak_/);
  assert.deepEqual(worker.scopedMachines.map((m) => m.id), [api.id]);
  const { secret } = await clerk.machines.getSecretKey(api.id);
  return { api, apiKey: secret, worker };
}

/** What the API machine's server concludes from `Authorization: Bearer <token>`. */
async function authenticate(token, options) {
  const request = new Request(`${BASE_URL}/api/jobs`, { headers: { authorization: `Bearer ${token}` } });
  const state = await clerk.authenticateRequest(request, { acceptsToken: "m2m_token", ...options });
  return { state, auth: state.toAuth() };
}

test("an opaque token: issued to the worker, verified by the API machine, then revoked", async () => {
  const { api, apiKey, worker } = await machines();
  const issued = await clerk.m2m.createToken({
    machineSecretKey: worker.secretKey,
    secondsUntilExpiration: 120,
    claims: { job: "nightly" },
  });
  assert.match(issued.token, /^mt_/);
  assert.equal(issued.subject, worker.id);
  assert.deepEqual(issued.scopes, [api.id]);
  assert.equal(issued.expiration - issued.createdAt, 120_000);

  const verified = await clerk.m2m.verify({ token: issued.token, machineSecretKey: apiKey });
  assert.equal(verified.id, issued.id);
  assert.equal(verified.subject, worker.id);
  assert.deepEqual(verified.claims, { job: "nightly" });
  assert.equal(verified.token, undefined, "verify does not echo the token");
  // The instance's own secret key verifies any token.
  assert.equal((await clerk.m2m.verify({ token: issued.token })).subject, worker.id);

  for (const options of [{ machineSecretKey: apiKey }, { secretKey: SECRET_KEY, apiUrl: API_URL }]) {
    const { state, auth } = await authenticate(issued.token, options);
    assert.equal(state.isAuthenticated, true, JSON.stringify(options));
    assert.equal(auth.tokenType, "m2m_token");
    assert.equal(auth.machineId, worker.id);
    assert.deepEqual(auth.scopes, [api.id]);
  }

  const { data, totalCount } = await clerk.m2m.list({ subject: worker.id });
  assert.equal(totalCount, 1);
  assert.equal(data[0].id, issued.id);

  const revoked = await clerk.m2m.revokeToken({ m2mTokenId: issued.id, revocationReason: "rotated" });
  assert.equal(revoked.revoked, true);
  assert.equal(revoked.revocationReason, "rotated");
  await clerkError(clerk.m2m.verify({ token: issued.token, machineSecretKey: apiKey }), {
    status: 404,
    code: "resource_not_found",
  });
  const { state } = await authenticate(issued.token, { machineSecretKey: apiKey });
  assert.equal(state.isAuthenticated, false);
  assert.equal(state.reason, "token-invalid");
  // Listed no more, unless asked for.
  assert.equal((await clerk.m2m.list({ subject: worker.id })).totalCount, 0);
  assert.equal((await clerk.m2m.list({ subject: worker.id, revoked: true })).totalCount, 1);
});

test("a token is for the machines in its scopes, and only a machine may ask for one", async () => {
  const { api, apiKey, worker } = await machines();
  const issued = await clerk.m2m.createToken({ machineSecretKey: worker.secretKey });
  // The API machine did not scope the worker: it may not take the worker's token to call itself.
  const other = await clerk.m2m.createToken({ machineSecretKey: apiKey });
  await clerkError(clerk.m2m.verify({ token: other.token, machineSecretKey: worker.secretKey }), {
    status: 404,
    code: "resource_not_found",
  });
  // Without a lifetime, the machine's default: one hour.
  assert.equal(issued.expiration - issued.createdAt, 3_600_000);
  // A token with enough life left is handed out again rather than a new one.
  const again = await clerk.m2m.createToken({ machineSecretKey: worker.secretKey, minRemainingTtlSeconds: 600 });
  assert.equal(again.id, issued.id);
  assert.equal(again.token, issued.token);
  const longer = await clerk.m2m.createToken({ machineSecretKey: worker.secretKey, minRemainingTtlSeconds: 7200 });
  assert.notEqual(longer.id, issued.id);
  await clerkError(clerk.m2m.createToken({ machineSecretKey: worker.secretKey, secondsUntilExpiration: 1e12 }), {
    status: 422,
    code: "form_param_format_invalid",
    paramName: "seconds_until_expiration",
  });
  assert.equal((await clerk.m2m.verify({ token: issued.token, machineSecretKey: apiKey })).subject, worker.id);

  await clerkError(clerk.m2m.createToken({}), { status: 401, code: "machine_secret_key_invalid" });
  await clerkError(clerk.m2m.createToken({ machineSecretKey: "ak_not_a_machine" }), {
    status: 401,
    code: "clerk_key_invalid",
  });
  // A machine's key opens /v1/m2m_tokens only.
  const users = await fetch(`${API_URL}/v1/users`, { headers: { authorization: `Bearer ${worker.secretKey}` } });
  assert.equal(users.status, 401);
  assert.equal((await users.json()).errors[0].code, "clerk_key_invalid");
  await clerkError(clerk.m2m.createToken({ machineSecretKey: worker.secretKey, tokenFormat: "paper" }), {
    status: 422,
    code: "form_param_format_invalid",
    paramName: "token_format",
  });
  await clerkError(clerk.m2m.createToken({ machineSecretKey: worker.secretKey, claims: { sub: "someone" } }), {
    status: 422,
    code: "form_param_format_invalid",
    paramName: "claims",
  });

  await clerk.machines.delete(worker.id);
  await clerkError(clerk.m2m.verify({ token: issued.token }), { status: 404, code: "resource_not_found" });
  assert.equal((await clerk.machines.get(api.id)).id, api.id);
});

test("a JWT token verifies by its signature, against the instance's JWKS", async () => {
  const { api, worker } = await machines();
  const issued = await clerk.m2m.createToken({
    machineSecretKey: worker.secretKey,
    tokenFormat: "jwt",
    claims: { job: "export" },
  });
  assert.equal(issued.token.split(".").length, 3);
  const { state, auth } = await authenticate(issued.token, { secretKey: SECRET_KEY, apiUrl: API_URL });
  assert.equal(state.isAuthenticated, true, state.message);
  assert.equal(auth.machineId, worker.id);
  assert.equal(auth.id, issued.id);
  assert.deepEqual(auth.scopes, [api.id]);
  assert.equal(auth.claims.job, "export");
});
