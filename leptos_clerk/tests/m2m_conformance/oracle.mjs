// The machine-token conformance oracle: the real `@clerk/backend`'s
// `authenticateRequest(request, { acceptsToken })` (`m2m_token` or `api_key`) on each case of the corpus that
// tests/m2m_conformance.rs wrote, offline (JWT tokens verify with `jwtKey`), one JSON result per
// case on stdout.
//
//   node oracle.mjs corpus.json
import { readFileSync } from 'node:fs';

let clerk;
try {
  clerk = await import('@clerk/backend');
} catch (error) {
  process.stderr.write(`@clerk/backend is not installed (${error.message}).\nRun \`npm ci\` in the repository root.\n`);
  process.exit(3);
}

const corpus = JSON.parse(readFileSync(process.argv[2], 'utf8'));
console.log = console.warn = console.info = console.debug = console.error = (...args) =>
  process.stderr.write(`[clerk] ${args.map(String).join(' ')}\n`);

const options = { secretKey: corpus.secret_key, publishableKey: corpus.publishable_key, jwtKey: corpus.pem };
const client = clerk.createClerkClient(options);
const results = [];
for (const c of corpus.cases) {
  const headers = c.authorization === null ? {} : { authorization: c.authorization };
  const request = new Request('http://localhost:3000/api/stats', { headers });
  const state = await client.authenticateRequest(request, { ...options, acceptsToken: c.accepts });
  const auth = state.toAuth();
  results.push(state.isAuthenticated
    ? { is_authenticated: true, id: auth.id, machine_id: auth.machineId, scopes: auth.scopes, claims: auth.claims }
    : { is_authenticated: false, reason: state.reason });
}
process.stdout.write(JSON.stringify(results));
