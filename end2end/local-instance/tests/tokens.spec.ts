import { ADA, expect, sessionClaims, signInWithPassword, test } from "./support";

test("a JWT template from Leptos.toml adds its custom claims", async ({ page, playground }) => {
  await playground.open("sign-in");
  await signInWithPassword(page, ADA.email, ADA.password);
  await expect(page.locator("#state")).toContainText(ADA.email);
  const claims = await sessionClaims(page, "starter-api");
  expect(claims).toMatchObject({ aud: "starter-api", email: ADA.email, name: "Ada Lovelace", org: null });
  expect(claims.exp - claims.iat).toBe(300);
  const userId = await page.evaluate(() => (window as any).Clerk.user.id);
  expect(claims.sub).toBe(userId);
});

test("the session token is refreshed past its 60 s lifetime", async ({ page, playground }) => {
  test.setTimeout(120_000);
  await playground.open("sign-in");
  await signInWithPassword(page, ADA.email, ADA.password);
  await expect(page.locator("#state")).toContainText(ADA.email);
  const first = await sessionClaims(page);
  const refreshes: string[] = [];
  page.on("request", (r) => {
    if (/\/v1\/client\/sessions\/[^/]+\/tokens/.test(r.url())) refreshes.push(r.url());
  });

  // The real clock: clerk-js refreshes the token itself before it expires.
  await page.waitForTimeout(70_000);
  expect(refreshes.length, "background token refreshes").toBeGreaterThan(0);
  const jwt = await page.evaluate(() => (window as any).Clerk.session.getToken());
  const now = Math.floor(Date.now() / 1000);
  const claims = JSON.parse(Buffer.from(jwt.split(".")[1], "base64url").toString());
  expect(claims.sid).toBe(first.sid);
  expect(claims.iat).toBeGreaterThan(first.iat);
  expect(claims.exp).toBeGreaterThan(now);
  expect(await page.evaluate(() => (window as any).Clerk.session?.status)).toBe("active");
});
