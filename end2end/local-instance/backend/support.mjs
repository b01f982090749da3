// The Backend API contract suite's shared pieces: a real `@clerk/backend` client pointed at the
// local instance, a tiny cookie-keeping Frontend API caller (to sign in like a browser), and
// assertions on Clerk's error shape. scripts/test-local-instance passes BASE_URL and
// CLERK_SECRET_KEY of the instance it started.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { createClerkClient } from "@clerk/backend";
import { isClerkAPIResponseError } from "@clerk/backend/errors";

export const BASE_URL = process.env.BASE_URL ?? "http://127.0.0.1:3500";
export const SECRET_KEY = process.env.CLERK_SECRET_KEY ?? "";
export const API_URL = `${BASE_URL}/__clerk_local/api`;
/** Seeded by the [[clerk_local.users]] table of Leptos.toml. Never banned nor locked here: the
 * browser tests sign in as Ada. */
export const ADA = { email: "ada@example.com", password: "analytical-engine-1843" };

export const clerk = createClerkClient({ secretKey: SECRET_KEY, apiUrl: API_URL });

/** An address no other test (or earlier run against the same instance) uses. */
export const uniqueEmail = (name) => `${name}+${randomUUID().slice(0, 8)}@example.com`;

/** A user of this test's own, with a password. */
export async function createUser(name, extra = {}) {
  const password = `${name}-password-${randomUUID().slice(0, 8)}`;
  const user = await clerk.users.createUser({ emailAddress: [uniqueEmail(name)], password, ...extra });
  return { user, password, email: user.emailAddresses[0].emailAddress };
}

/** Resolves to the `ClerkAPIResponseError` `promise` rejects with, after checking its shape. */
export async function clerkError(promise, { status, code, paramName }) {
  const error = await promise.then(
    (value) => assert.fail(`expected ${code}, got ${JSON.stringify(value)}`),
    (error) => error,
  );
  assert.ok(isClerkAPIResponseError(error), `not a ClerkAPIResponseError: ${error}`);
  assert.equal(error.status, status);
  assert.equal(error.errors[0].code, code);
  assert.equal(typeof error.errors[0].message, "string");
  assert.equal(typeof error.errors[0].longMessage, "string");
  if (paramName) assert.equal(error.errors[0].meta.paramName, paramName);
  assert.match(error.clerkTraceId ?? "", /^[0-9a-f]{20}$/);
  return error;
}

/** A browser on the Frontend API: keeps the `__client` cookie, sends forms like clerk-js. */
export class Browser {
  cookies = new Map();

  async send(method, path, form) {
    const headers = { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ") };
    let body;
    if (form) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      body = new URLSearchParams(form).toString();
    }
    const response = await fetch(`${BASE_URL}/__clerk${path}`, { method, headers, body });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const [name, value] = pair.split("=");
      if (/Max-Age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return { status: response.status, body: await response.json() };
  }

  /** Signs in with a password in one request; the answer (a session id when it worked). */
  async signIn(email, password) {
    const answer = await this.send("POST", "/v1/client/sign_ins", {
      identifier: email,
      strategy: "password",
      password,
    });
    return { ...answer, sessionId: answer.body.response?.created_session_id };
  }

  async signOut() {
    return this.send("DELETE", "/v1/client/sessions");
  }

  async refreshToken(sessionId) {
    return this.send("POST", `/v1/client/sessions/${sessionId}/tokens`, {});
  }
}

/** No request the suite made went unanswered by a route. */
export async function assertNothingUnhandled() {
  const list = await (await fetch(`${BASE_URL}/__clerk_local/unhandled`)).json();
  assert.deepEqual(list, []);
}
