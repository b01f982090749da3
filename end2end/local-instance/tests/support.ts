import { createHmac } from "node:crypto";
import { test as base, expect, type Page } from "@playwright/test";
import { BASE_URL } from "../playwright.config";

/** Seeded by the [[clerk_local.users]] table of the configuration the instance runs with. */
export const ADA = { email: "ada@example.com", password: "analytical-engine-1843", firstName: "Ada" };
/** Printed by the standalone binary at start-up; scripts/test-local-instance passes it on. */
export const SECRET_KEY = process.env.CLERK_SECRET_KEY ?? "";
export const CLERK_JS_MAJOR = Number(process.env.CLERK_JS_MAJOR ?? "6");
/** A second instance, with `email_verification = true`, and its own secret key. */
export const VERIFICATION_URL = process.env.VERIFICATION_URL ?? "http://127.0.0.1:3501";
const VERIFICATION_SECRET_KEY = process.env.VERIFICATION_SECRET_KEY ?? "";
/** A third instance, with Leptos.toml's settings, started as a development instance (pk_test_). */
export const DEVELOPMENT_URL = process.env.DEVELOPMENT_URL ?? "http://127.0.0.1:3502";
/** A fourth instance, whose sign-ups go through the waitlist (`waitlist.toml`), and its key. */
export const WAITLIST_URL = process.env.WAITLIST_URL ?? "http://127.0.0.1:3503";
export const WAITLIST_SECRET_KEY = process.env.WAITLIST_SECRET_KEY ?? "";

type Playground = {
  /** Opens the playground with these components mounted and waits for `Clerk.status === "ready"`. */
  open(components: string, query?: Record<string, string>): Promise<void>;
  /** Responses that are the expected answer in this test (e.g. a 422 for a wrong password). */
  allow(pattern: RegExp): void;
};

/**
 * Every test gets a `playground` that records what must never happen: a request leaving the
 * origin, a console error or uncaught exception, an HTTP error; and checks at the end that
 * clerk-js is still `ready` and that the instance answered every request it got (so that, when
 * every test passes, `/__clerk_local/unhandled` is empty at the end of the run).
 */
export const test = base.extend<{ playground: Playground }>({
  playground: async ({ page, baseURL }, use, testInfo) => {
    const origin = new URL(baseURL ?? BASE_URL).origin;
    const timeline = apiTimeline(page, origin);
    const offOrigin: string[] = [];
    const errors: string[] = [];
    const allowed: RegExp[] = [];
    const isAllowed = (text: string) => allowed.some((a) => a.test(text));
    page.on("request", (request) => {
      const url = request.url();
      if (url.startsWith("data:") || url.startsWith("blob:")) return;
      if (new URL(url).origin !== origin) offOrigin.push(`${request.method()} ${url}`);
    });
    page.on("console", (message) => {
      if (message.type() === "error" && !isAllowed(message.text())) errors.push(`console: ${message.text()}`);
    });
    page.on("pageerror", (error) => errors.push(`uncaught: ${error.message}`));
    // Requests the instance could not answer, from this test only (one failure must not fail
    // every later test: the list is the instance's, for the whole run).
    const unhandledBefore = (await (await page.request.get("/__clerk_local/unhandled")).json()).length;
    page.on("response", (response) => {
      const line = `HTTP ${response.status()} ${response.request().method()} ${response.url()}`;
      if (response.status() >= 400 && !isAllowed(line)) errors.push(line);
    });

    await use({
      async open(components, query = {}) {
        const params = new URLSearchParams({ c: components, ...query });
        await page.goto(`/?${params}`);
        await waitReady(page);
      },
      allow(pattern) {
        allowed.push(pattern);
        // The browser logs a failed fetch without its URL; the response line above names it.
        allowed.push(/Failed to load resource/);
      },
    });

    // A failure that shows only now and then leaves no trace in CI but its log: the instance's
    // side of the test goes there.
    if (testInfo.status !== testInfo.expectedStatus) {
      console.log(`the test's requests to the instance:\n${timeline.join("\n")}`);
    }
    if (page.url().startsWith(origin)) {
      expect(await page.evaluate(() => (window as any).Clerk?.status)).toBe("ready");
    }
    expect(offOrigin, "requests that left the origin").toEqual([]);
    expect(errors, "console errors, exceptions and HTTP errors").toEqual([]);
    const unhandled = await (await page.request.get("/__clerk_local/unhandled")).json();
    expect(unhandled.slice(unhandledBefore), "requests the local instance did not handle").toEqual([]);
  },
});

export { expect };

/**
 * Every Frontend API and test-hook request the page makes, one line when it leaves and one when
 * it is answered (or fails), and every console message, with the milliseconds since the test
 * began.
 */
function apiTimeline(page: Page, origin: string): string[] {
  const lines: string[] = [];
  const start = Date.now();
  // The Frontend API (clerk-js's proxyUrl) and the instance's own routes; not the scripts.
  const api = (url: string) => url.startsWith(`${origin}/__clerk/v1/`) || url.startsWith(`${origin}/__clerk_local/`);
  const line = (text: string) => lines.push(`${String(Date.now() - start).padStart(6)} ms  ${text}`);
  const name = (request: { method(): string; url(): string }) =>
    `${request.method()} ${request.url().slice(origin.length).split("?")[0]}`;
  page.on("request", (request) => api(request.url()) && line(`-> ${name(request)}`));
  page.on("response", (response) => api(response.url()) && line(`<- ${response.status()} ${name(response.request())}`));
  page.on("requestfailed", (request) => api(request.url()) && line(`!! ${name(request)}: ${request.failure()?.errorText}`));
  page.on("console", (message) => line(`console.${message.type()}: ${message.text()}`));
  return lines;
}

/** Waits for the playground to have loaded clerk-js and mounted its components. */
export async function waitReady(page: Page) {
  await page.locator("body[data-mounted]").waitFor();
  await expect(page.locator("#state")).toHaveAttribute("data-clerk-status", "ready");
}

/**
 * Submits Clerk's sign-up form from its password field, as pressing Enter does. Not a click on
 * Continue: the password's feedback line slides in after typing and pushes the button down, so a
 * click aimed a moment earlier can land in the gap (it did once in CI: no sign-up was sent).
 */
export async function submitSignUp(page: Page) {
  await page.locator("input[name=password]").press("Enter");
}

/**
 * Signs up a fresh user through `<SignUp/>` and lands on `<UserProfile/>` (a fresh user per
 * test, so the seeded Ada stays as Leptos.toml has her).
 */
export async function signUpAndOpenProfile(page: Page, playground: Playground, email: string, password: string) {
  await playground.open("sign-up", { redirect: "/?c=user-profile" });
  await page.locator("input[name=emailAddress]").fill(email);
  await page.locator("input[name=password]").fill(password);
  await submitSignUp(page);
  await expect(page.locator("body[data-mounted='user-profile']")).toBeAttached();
  await expect(page.locator("#state")).toContainText(email);
}

/** Signs in through `<SignIn/>` with a password. */
export async function signInWithPassword(page: Page, email: string, password: string) {
  await page.locator("input[name=identifier]").fill(email);
  await page.getByRole("button", { name: "Continue", exact: true }).click();
  await page.locator("input[name=password]").fill(password);
  await page.getByRole("button", { name: "Continue", exact: true }).click();
}

/** The claims of a JWT, unverified (the server tests verify signatures). */
export function claims(jwt: string): Record<string, any> {
  return JSON.parse(Buffer.from(jwt.split(".")[1], "base64url").toString("utf8"));
}

/** The current session token from clerk-js, decoded. */
export async function sessionClaims(page: Page, template?: string) {
  const jwt = await page.evaluate(
    (template) => (window as any).Clerk.session.getToken(template ? { template } : { skipCache: true }),
    template,
  );
  expect(jwt, "a session token").toBeTruthy();
  return claims(jwt as string);
}

/** A Backend API call with the instance's secret key. */
export async function bapi(page: Page, method: string, path: string, body?: unknown, secretKey = SECRET_KEY) {
  const response = await page.request.fetch(`/__clerk_local/api${path}`, {
    method,
    headers: { authorization: `Bearer ${secretKey}`, "content-type": "application/json" },
    data: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status(), body: await response.json() };
}

/** A fresh email address for a sign-up. */
export function uniqueEmail(label: string) {
  return `${label}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@example.com`;
}

/**
 * The newest one-time code the instance of the page "sent" to `email` (it logs codes instead of
 * mailing them). The route answers only with that instance's secret key.
 */
export async function latestCode(page: Page, email: string): Promise<string> {
  const origin = new URL(page.url()).origin;
  const key = origin === new URL(VERIFICATION_URL).origin ? VERIFICATION_SECRET_KEY : SECRET_KEY;
  let code: string | null = null;
  await expect
    .poll(
      async () => {
        const response = await page.request.get(`${origin}/__clerk_local/test/codes?email=${encodeURIComponent(email)}`, {
          headers: { authorization: `Bearer ${key}` },
        });
        code = (await response.json()).code;
        return code;
      },
      { message: `a code sent to ${email}` },
    )
    .toMatch(/^\d{6}$/);
  return code as unknown as string;
}

/** RFC 4648 base32, as authenticator apps read the secret. */
function base32Bytes(secret: string): Buffer {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  const bytes: number[] = [];
  let value = 0;
  let bits = 0;
  for (const char of secret.replace(/=+$/, "").toUpperCase()) {
    value = (value << 5) | alphabet.indexOf(char);
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((value >>> bits) & 0xff);
      value &= (1 << bits) - 1;
    }
  }
  return Buffer.from(bytes);
}

/** The last time step `totpCode` gave a code of, per secret. */
const lastTotpSteps = new Map<string, number>();

/**
 * What an authenticator app shows for `secret` when the user types it (RFC 6238: HMAC-SHA1 of
 * the 30 s counter, six digits). The instance takes a code once, and only a later step's than
 * the last it took (RFC 6238 §5.2), within one step either side of now. So each call for a
 * secret gives the earliest step that is later than the last call's and that the instance still
 * takes 10 s from now: the previous step's, now's or the next one's, three codes without waiting
 * for the clock; after those, it waits for the next step.
 */
export async function totpCode(secret: string): Promise<string> {
  for (;;) {
    const nowSecs = Date.now() / 1000;
    const nowStep = Math.floor(nowSecs / 30);
    // The instance takes step s until its clock reaches step s + 2.
    const stillTaken = Math.ceil((nowSecs + 10) / 30) - 2;
    const last = lastTotpSteps.get(secret);
    const step = last === undefined ? stillTaken : Math.max(stillTaken, last + 1);
    if (step <= nowStep + 1) {
      lastTotpSteps.set(secret, step);
      return totpCodeAt(secret, step);
    }
    await new Promise((resolve) => setTimeout(resolve, (nowStep + 1) * 30_000 - Date.now() + 50));
  }
}

function totpCodeAt(secret: string, step: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac("sha1", base32Bytes(secret)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const code = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return code.toString().padStart(6, "0");
}
