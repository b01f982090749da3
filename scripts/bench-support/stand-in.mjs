// The Backend API stand-in scripts/bench and scripts/soak run the server against, offline: a
// fresh RSA key (its public half is the server's CLERK_JWT_KEY, so tokens verify with no
// network), a session token signed with it, and GET /v1/users/{id} answered with a realistic
// user.
//
// Usage: node stand-in.mjs <folder> [token lifetime in seconds, 7200] [azp, http://127.0.0.1].
// Listens on a free loopback port, then writes <folder>/env (shell assignments: the Clerk
// settings, the session TOKEN and its UAT, and COOKIE with both) and keeps serving.
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";

const [folder, lifetime = "7200", authorizedParty = "http://127.0.0.1"] = process.argv.slice(2);
const frontendApi = "clerk.bench.test";
const publishableKey = `pk_live_${Buffer.from(`${frontendApi}$`).toString("base64")}`;
const secretKey = `sk_live_bench${crypto.randomBytes(16).toString("hex")}`;
const userId = "user_2benchUser";
const { privateKey, publicKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });

const b64url = (value) => Buffer.from(value).toString("base64url");
function sessionToken(ttlSeconds) {
  const now = Math.floor(Date.now() / 1000);
  const header = { alg: "RS256", kid: "ins_bench", typ: "JWT", cat: "cl_B7d4PD111AAA" };
  const claims = {
    sub: userId, sid: "sess_2benchSession", iss: `https://${frontendApi}`, azp: authorizedParty,
    iat: now - 5, nbf: now - 10, exp: now + ttlSeconds, v: 2,
  };
  const signed = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
  const signature = crypto.sign("sha256", Buffer.from(signed), privateKey);
  return { token: `${signed}.${signature.toString("base64url")}`, iat: claims.iat };
}

const T0 = 1735689600000;
const user = (id) => ({
  id, object: "user", username: "ada", first_name: "Ada", last_name: "Lovelace",
  image_url: "https://img.clerk.com/eyJ0eXBlIjoiZGVmYXVsdCJ9", has_image: false,
  primary_email_address_id: "idn_bench", password_enabled: true, two_factor_enabled: false,
  email_addresses: [{
    id: "idn_bench", object: "email_address", email_address: "ada@example.test",
    verification: { status: "verified", strategy: "email_code" }, linked_to: [],
  }],
  phone_numbers: [], external_accounts: [], public_metadata: { plan: "pro" },
  private_metadata: {}, unsafe_metadata: {}, banned: false, locked: false,
  created_at: T0, updated_at: T0, last_sign_in_at: T0,
});

const server = http.createServer((request, response) => {
  const url = new URL(request.url, "http://127.0.0.1");
  const json = (status, body) => {
    response.writeHead(status, { "content-type": "application/json" });
    response.end(JSON.stringify(body));
  };
  if (request.headers.authorization !== `Bearer ${secretKey}`) {
    return json(401, { errors: [{ code: "authentication_invalid", message: "bad secret key" }] });
  }
  const match = request.method === "GET" && url.pathname.match(/^\/v1\/users\/([^/]+)$/);
  if (match) return json(200, user(decodeURIComponent(match[1])));
  console.error(`stand-in: unexpected ${request.method} ${url.pathname}`);
  json(404, { errors: [{ code: "resource_not_found", message: "not found" }] });
});
server.keepAliveTimeout = 65_000;
server.listen(0, "127.0.0.1", () => {
  const { token, iat } = sessionToken(Number(lifetime));
  const quote = (value) => `'${value.replaceAll("'", "'\\''")}'`;
  const env = {
    CLERK_PUBLISHABLE_KEY: publishableKey,
    CLERK_SECRET_KEY: secretKey,
    CLERK_JWT_KEY: publicKey.export({ type: "spki", format: "pem" }),
    CLERK_API_URL: `http://127.0.0.1:${server.address().port}`,
    TOKEN: token,
    UAT: String(iat),
    COOKIE: `__session=${token}; __client_uat=${iat}`,
    USER_ID: userId,
  };
  const text = Object.entries(env).map(([k, v]) => `${k}=${quote(v)}`).join("\n");
  fs.writeFileSync(path.join(folder, "env"), `${text}\n`);
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => process.exit(0));
