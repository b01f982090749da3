// The bytes a cold page load puts on the wire, in Chromium: every response's encoded length
// (headers and compressed body, as DevTools counts "transferred"), for the signed-out home page
// and, after signing in through Clerk's own form as the seeded user, the dashboard. Each load
// starts from a new browser context: an empty HTTP cache.
//
// Usage: node wire-bytes.mjs <base URL of a server running the local Clerk instance>
import { existsSync } from "node:fs";
import { chromium } from "@playwright/test";

const base = process.argv[2];
const ADA = { email: "ada@example.com", password: "analytical-engine-1843" };
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined),
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});

/** Loads `path` in a fresh context (cookies from `state`) and sums what crossed the wire. */
async function coldLoad(path, state) {
  const context = await browser.newContext({ baseURL: base, storageState: state });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  const urls = new Map();
  const groups = {};
  let total = 0;
  cdp.on("Network.responseReceived", (e) => urls.set(e.requestId, e.response.url));
  cdp.on("Network.loadingFinished", (e) => {
    const url = new URL(urls.get(e.requestId) ?? base);
    const group = url.pathname.startsWith("/pkg/") ? "app (/pkg)"
      : url.pathname.includes("@clerk/clerk-js") ? "clerk-js"
      : url.pathname.includes("@clerk/ui") ? "Clerk UI"
      : url.pathname.startsWith("/__clerk/") ? "Frontend API"
      : "pages and other";
    groups[group] = (groups[group] ?? 0) + e.encodedDataLength;
    total += e.encodedDataLength;
  });
  await page.goto(path, { waitUntil: "networkidle" });
  await page.waitForTimeout(1000);
  await context.close();
  return { total, groups };
}

async function signedInState() {
  const context = await browser.newContext({ baseURL: base });
  const page = await context.newPage();
  await page.goto("/sign-in", { waitUntil: "networkidle" });
  await page.locator("input[name=identifier]").fill(ADA.email);
  await page.getByRole("button", { name: "Continue", exact: true }).click();
  await page.locator("input[name=password]").fill(ADA.password);
  await page.getByRole("button", { name: "Continue", exact: true }).click();
  await page.waitForURL(/\/dashboard$/, { timeout: 30_000 });
  const state = await context.storageState();
  await context.close();
  return state;
}

const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;
const rows = [
  ["signed-out /", await coldLoad("/", undefined)],
  ["signed-in /dashboard", await coldLoad("/dashboard", await signedInState())],
];
await browser.close();
for (const [label, { total, groups }] of rows) {
  console.log(`${label.padEnd(22)} ${kb(total).padStart(10)}   ` +
    Object.entries(groups).map(([g, b]) => `${g} ${kb(b)}`).join(", "));
}
