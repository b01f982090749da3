import { test, type Page } from "@playwright/test";
import { BASE_URL } from "../playwright.config";
import { newUser, signUpThroughClerkUi } from "./accounts";
import { waitForClerk, watchPage } from "./watch";

/**
 * Every page of src/app.rs's routes, and one that is not (the "not found" page): a page load of
 * each is rendered by the server, then hydrated, whatever Clerk's components then do there (a
 * step of a sign-in with none under way goes back to its start). The other tests mostly reach a
 * page by the router; a page that only fails after a page load (a lazy chunk hydration did not
 * wait for) shows up here.
 */
const PAGES = [
  "/",
  "/sign-in",
  "/sign-in/factor-one",
  "/sign-up",
  "/dashboard",
  "/user",
  "/user/security",
  "/organization",
  "/session",
  "/profile",
  "/notes",
  "/api-keys",
  "/use-auth",
  "/custom-sign-in",
  "/custom-sign-up",
  "/waitlist",
  "/choose-organization",
  "/sso-callback",
  "/no-such-page",
];

/** The states a page renders differently in, and how a fresh browser gets into each. */
const STATES: Record<string, (page: Page) => Promise<void>> = {
  "signed out": async () => {},
  "signed in": async (page) => signUpThroughClerkUi(page, newUser("Loader")),
  "signed in, an organization active": async (page) => {
    await signUpThroughClerkUi(page, newUser("Orgloader"));
    // As Clerk's organization switcher does it.
    await page.evaluate(async (name) => {
      const clerk = (window as any).Clerk;
      const org = await clerk.createOrganization({ name });
      await clerk.setActive({ organization: org.id });
    }, `Page Loads ${Date.now()}`);
  },
};

for (const [state, enter] of Object.entries(STATES)) {
  test(`every page hydrates after a page load, ${state}`, async ({ page }) => {
    // The "not found" page's 404, which the browser also logs (without its URL: any other 404
    // is still reported by URL).
    const notFound = [/^HTTP 404 GET .*\/no-such-page$/, /^Failed to load resource: .* 404 \(Not Found\)$/];
    const watch = watchPage(page, BASE_URL, notFound);
    await enter(page);
    for (const path of PAGES) {
      await test.step(path, async () => {
        await page.goto(path);
        await waitForClerk(page);
      });
    }
    watch.assertClean();
  });
}
