// sessions.*, signInTokens.*, jwks and the handshake payload, through the real `@clerk/backend`.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { verifyToken } from "@clerk/backend";
import { API_URL, Browser, SECRET_KEY, assertNothingUnhandled, clerk, clerkError, createUser } from "./support.mjs";

after(assertNothingUnhandled);

const verify = (jwt) => verifyToken(jwt, { secretKey: SECRET_KEY, apiUrl: API_URL });

test("createSession, getSession, getSessionList { data, totalCount }, getToken (template, lifetime)", async () => {
  const { user } = await createUser("alan");
  const session = await clerk.sessions.createSession({ userId: user.id });
  assert.match(session.id, /^sess_/);
  assert.match(session.clientId, /^client_/);
  assert.equal(session.userId, user.id);
  assert.equal(session.status, "active");
  assert.ok(session.expireAt > session.createdAt);

  const fetched = await clerk.sessions.getSession(session.id);
  assert.equal(fetched.id, session.id);

  const { data, totalCount } = await clerk.sessions.getSessionList({ userId: user.id });
  assert.equal(totalCount, 1);
  assert.equal(data[0].id, session.id);
  const byClient = await clerk.sessions.getSessionList({ clientId: session.clientId });
  assert.equal(byClient.data[0].id, session.id);

  const token = await clerk.sessions.getToken(session.id);
  const claims = await verify(token.jwt);
  assert.equal(claims.sub, user.id);
  assert.equal(claims.sid, session.id);
  const lasting = await verify((await clerk.sessions.getToken(session.id, undefined, 120)).jwt);
  assert.equal(lasting.exp - lasting.iat, 120);
  const template = await verify((await clerk.sessions.getToken(session.id, "starter-api")).jwt);
  assert.equal(template.aud, "starter-api");
  assert.equal(template.sub, user.id);

  await clerkError(clerk.sessions.getSession("sess_missing"), { status: 404, code: "resource_not_found" });
  await clerkError(clerk.sessions.getToken(session.id, "no-such-template"), {
    status: 404,
    code: "resource_not_found",
  });
});

test("ended sessions keep their status: revoked, ended, removed; every status filters", async () => {
  const { user, email, password } = await createUser("edsger");
  const revoked = await clerk.sessions.createSession({ userId: user.id });
  const after = await clerk.sessions.revokeSession(revoked.id);
  assert.equal(after.status, "revoked");
  assert.equal((await clerk.sessions.getSession(revoked.id)).status, "revoked");

  const signedOut = new Browser();
  const { sessionId: endedId } = await signedOut.signIn(email, password);
  assert.equal((await signedOut.signOut()).status, 200);
  const removing = new Browser();
  const { sessionId: removedId } = await removing.signIn(email, password);
  const removed = await removing.send("POST", `/v1/client/sessions/${removedId}/remove`, {});
  assert.equal(removed.status, 200);
  const active = await clerk.sessions.createSession({ userId: user.id });

  const withStatus = async (status) =>
    (await clerk.sessions.getSessionList({ userId: user.id, status })).data.map((s) => s.id);
  assert.deepEqual(await withStatus("revoked"), [revoked.id]);
  assert.deepEqual(await withStatus("ended"), [endedId]);
  assert.deepEqual(await withStatus("removed"), [removedId]);
  assert.deepEqual(await withStatus("active"), [active.id]);
  assert.deepEqual(await withStatus("expired"), []);
  assert.deepEqual(await withStatus("abandoned"), []);
  const all = await clerk.sessions.getSessionList({ userId: user.id, limit: 2, offset: 1 });
  assert.equal(all.totalCount, 4);
  assert.equal(all.data.length, 2);

  await clerkError(clerk.sessions.revokeSession(revoked.id), { status: 404, code: "resource_not_found" });
});

test("createSignInToken signs in once through the Frontend API; revokeSignInToken", async () => {
  const { user } = await createUser("barbara");
  const signInToken = await clerk.signInTokens.createSignInToken({ userId: user.id, expiresInSeconds: 300 });
  assert.equal(signInToken.userId, user.id);
  assert.equal(signInToken.status, "pending");
  assert.ok(signInToken.token);

  const browser = new Browser();
  const signedIn = await browser.send("POST", "/v1/client/sign_ins", { strategy: "ticket", ticket: signInToken.token });
  assert.equal(signedIn.status, 200);
  assert.equal(signedIn.body.response.status, "complete");
  const again = await new Browser().send("POST", "/v1/client/sign_ins", { strategy: "ticket", ticket: signInToken.token });
  assert.equal(again.body.errors[0].code, "ticket_invalid");

  const unused = await clerk.signInTokens.createSignInToken({ userId: user.id, expiresInSeconds: 300 });
  const revoked = await clerk.signInTokens.revokeSignInToken(unused.id);
  assert.equal(revoked.status, "revoked");
});

test("jwks.getJwks; clients.getHandshakePayload refuses an unknown nonce", async () => {
  const jwks = await clerk.jwks.getJwks();
  assert.equal(jwks.keys[0].kty, "RSA");
  assert.match(jwks.keys[0].kid, /^ins_/);
  await clerkError(clerk.clients.getHandshakePayload({ nonce: "no-such-nonce" }), {
    status: 404,
    code: "resource_not_found",
  });
});
