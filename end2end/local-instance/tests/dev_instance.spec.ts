import type { Request } from "@playwright/test";
import { ADA, DEVELOPMENT_URL, expect, signInWithPassword, test } from "./support";

// A development instance (`--instance-type development`): no server in front to hand clerk-js a
// dev browser, so clerk-js makes one itself, keeps it in the `__clerk_db_jwt` cookie and sends
// it with every Frontend API request; the instance knows the client by it.
test.use({ baseURL: DEVELOPMENT_URL });

test("clerk-js makes a dev browser and signs in through it", async ({ page, context, playground }) => {
  const fapi: Request[] = [];
  page.on("request", (request) => {
    if (new URL(request.url()).pathname.startsWith("/__clerk/v1/")) fapi.push(request);
  });
  const cookie = async (name: string) => (await context.cookies()).find((c) => c.name === name)?.value;

  await playground.open("sign-in,user-button");
  expect(await page.evaluate(() => (window as any).Clerk.instanceType)).toBe("development");
  const path = (request: Request) => `${request.method()} ${new URL(request.url()).pathname}`;
  expect(path(fapi[0])).toBe("POST /__clerk/v1/dev_browser");
  const devBrowser = await cookie("__clerk_db_jwt");
  expect(devBrowser).toMatch(/^dvb_/);

  await signInWithPassword(page, ADA.email, ADA.password);
  await expect(page).toHaveURL(/\?c=user-button$/);
  await expect(page.locator("#state")).toContainText(ADA.email);
  for (const request of fapi.slice(1)) {
    expect(new URL(request.url()).searchParams.get("__clerk_db_jwt"), path(request)).toBe(devBrowser);
  }
  // The dev browser stands for `__client`; clerk-js writes `__client_uat` itself.
  expect(await cookie("__client")).toBeUndefined();
  expect(Number(await cookie("__client_uat"))).toBeGreaterThan(0);

  // A reload keeps the dev browser (no second one) and the session.
  await page.reload();
  await expect(page.locator("#state")).toContainText(ADA.email);
  expect(fapi.filter((r) => path(r) === "POST /__clerk/v1/dev_browser")).toHaveLength(1);

  await page.locator("#sign-out").click();
  await expect(page).toHaveURL(/\?c=sign-in$/);
  await expect(page.locator("#state")).toContainText('"session": null');
  expect(await cookie("__client_uat")).toBe("0");
});
