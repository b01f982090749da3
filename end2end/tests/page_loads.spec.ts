import { test } from "@playwright/test";
import { BASE_URL } from "../playwright.config";
import { newUser, signUpThroughClerkUi } from "./accounts";
import { waitForClerk, watchPage } from "./watch";

/**
 * Every page of src/app.rs's routes, and one that is not (the "not found" page): a page load of
 * each is rendered by the server, then hydrated. (/sso-callback is left out: only a provider's
 * redirect opens it.) The other tests mostly reach a page by the router; a page that only fails
 * after a page load (a lazy chunk hydration did not wait for) shows up here.
 */
const PAGES = [
  "/",
  "/sign-in",
  "/sign-up",
  "/dashboard",
  "/user",
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
  "/no-such-page",
];

for (const signedIn of [false, true]) {
  test(`every page hydrates after a page load, ${signedIn ? "signed in" : "signed out"}`, async ({ page }) => {
    // The "not found" page's 404, which the browser also logs (without its URL: any other 404
    // is still reported by URL).
    const notFound = [/^HTTP 404 GET .*\/no-such-page$/, /^Failed to load resource: .* 404 \(Not Found\)$/];
    const watch = watchPage(page, BASE_URL, notFound);
    if (signedIn) await signUpThroughClerkUi(page, newUser("Loader"));
    for (const path of PAGES) {
      await test.step(path, async () => {
        await page.goto(path);
        await waitForClerk(page);
      });
    }
    watch.assertClean();
  });
}
