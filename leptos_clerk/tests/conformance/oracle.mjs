// The conformance oracle: runs the real `@clerk/backend` (pinned in /package.json) on the corpus
// that tests/conformance.rs wrote, offline, and prints one JSON result per case on stdout.
//
//   node oracle.mjs corpus.json
//
// Networkless: tokens are verified with `jwtKey` (the corpus's PEM); the only HTTP calls
// (handshake payload, session refresh) go to the loopback Backend API the Rust test runs.
// The clock is the corpus's `now_ms`, so time-edge cases are exact.
import { readFileSync } from 'node:fs';

let clerk;
try {
  clerk = await import('@clerk/backend');
} catch (error) {
  process.stderr.write(
    `@clerk/backend is not installed (${error.message}).\nRun \`npm ci\` in the repository root.\n`,
  );
  process.exit(3);
}

const corpus = JSON.parse(readFileSync(process.argv[2], 'utf8'));
Date.now = () => corpus.now_ms;
// Clerk logs with console.log/warn/error; keep stdout for the results.
console.log = console.warn = console.info = console.debug = (...args) => process.stderr.write(`[clerk] ${args.join(' ')}\n`);
const logError = console.error;
console.error = (...args) => process.stderr.write(`[clerk] ${args.map(String).join(' ')}\n`);

const results = [];
for (const c of corpus.cases) {
  const o = c.options;
  const options = {
    publishableKey: o.publishable_key,
    secretKey: o.secret_key,
    jwtKey: o.jwt_key ?? corpus.pem,
    apiUrl: corpus.api_url,
  };
  const runtime = { ...options };
  if (o.authorized_parties.length) runtime.authorizedParties = o.authorized_parties;
  if (o.issuers.length) runtime.issuer = o.issuers;
  if (o.proxy_url) runtime.proxyUrl = o.proxy_url;
  if (o.domain) runtime.domain = o.domain;
  if (o.is_satellite) runtime.isSatellite = true;
  if (o.sign_in_url) runtime.signInUrl = o.sign_in_url;
  if (o.organization_patterns.length || o.personal_account_patterns.length) {
    runtime.organizationSyncOptions = {};
    if (o.organization_patterns.length) runtime.organizationSyncOptions.organizationPatterns = o.organization_patterns;
    if (o.personal_account_patterns.length) runtime.organizationSyncOptions.personalAccountPatterns = o.personal_account_patterns;
  }
  if (o.clock_skew_ms !== null && o.clock_skew_ms !== undefined) runtime.clockSkewInMs = o.clock_skew_ms;
  const client = clerk.createClerkClient(options);
  const headers = new Headers();
  for (const [name, value] of c.headers) headers.append(name, value);
  const request = new Request(c.url, { method: c.method, headers });
  const out = { name: c.name };
  try {
    const state = await client.authenticateRequest(request, runtime);
    const auth = state.toAuth({ treatPendingAsSignedOut: o.treat_pending_as_signed_out });
    out.status = state.status;
    out.reason = state.reason ?? null;
    out.location = state.headers.get('location');
    out.set_cookie = state.headers.getSetCookie();
    out.cache_control = state.headers.get('cache-control');
    out.x_status = state.headers.get('x-clerk-auth-status');
    out.x_reason = state.headers.get('x-clerk-auth-reason');
    out.auth = auth && {
      is_authenticated: auth.isAuthenticated,
      user_id: auth.userId ?? null,
      session_id: auth.sessionId ?? null,
      session_status: auth.sessionStatus ?? null,
      org_id: auth.orgId ?? null,
      org_role: auth.orgRole ?? null,
      org_slug: auth.orgSlug ?? null,
      org_permissions: auth.orgPermissions ?? null,
      factor_verification_age: auth.factorVerificationAge ?? null,
    };
    out.has = auth ? c.has.map((check) => auth.has(check)) : [];
    out.json = auth ? JSON.parse(JSON.stringify(auth)) : null;
  } catch (error) {
    out.status = 'error';
    out.error = String(error?.message ?? error);
  }
  results.push(out);
}
console.error = logError;
process.stdout.write(JSON.stringify(results));
