import { expect, request, test, type Browser, type BrowserContext, type Page, type Response } from "@playwright/test";
import { BASE_URL } from "../playwright.config";
import { newUser, signInThroughClerkUi, signUpThroughClerkUi } from "./accounts";
import { waitForClerk, watchPage } from "./watch";

/** The local instance's Backend API key: scripts/test reads it from the instance's data folder. */
const SECRET_KEY = process.env.CLERK_SECRET_KEY ?? "";

/** Sets a marker that only survives if the page is never reloaded. */
const markPage = (page: Page) => page.evaluate(() => ((window as any).__notReloaded = true));
const pageWasNotReloaded = (page: Page) => page.evaluate(() => (window as any).__notReloaded === true);

async function newSignedUpPage(browser: Browser, label: string) {
  const context = await browser.newContext({ baseURL: BASE_URL });
  const page = await context.newPage();
  const user = newUser(label);
  await signUpThroughClerkUi(page, user);
  return { context, page, user };
}

/**
 * A user signed up as this file's tests begin, for the reverification test (the file's last): by
 * the time that test needs a sign-in more than a minute old, the minute has mostly passed while
 * the other tests ran, instead of in a wait of its own.
 */
let early: { user: ReturnType<typeof newUser>; state: BrowserContextState; signedUpAt: number };
type BrowserContextState = Awaited<ReturnType<BrowserContext["storageState"]>>;
test.beforeAll(async ({ browser }) => {
  const { context, user } = await newSignedUpPage(browser, "Grace");
  early = { user, state: await context.storageState(), signedUpAt: Date.now() };
  await context.close();
});

/** The titles of the notes the page lists. */
const noteTitles = (page: Page) => page.locator("#notes .note-title").allTextContents();

test("use_auth(): the guide's three states, then get_token() calls the JSON API with a Bearer token and no cookies", async ({ page }) => {
  const watch = watchPage(page, BASE_URL);
  await page.goto("/use-auth");
  await waitForClerk(page);
  await expect(page.locator("#use-auth-signed-out")).toHaveText("Sign in to view this page");

  await signInThroughClerkUi(page);
  await page.locator("nav").getByRole("link", { name: "use_auth" }).click();
  const hello = page.locator("#use-auth-hello");
  await expect(hello).toHaveText(/^Hello, user_\w+! Your current active session is sess_\w+\.$/);
  const userId = (await hello.textContent())!.match(/user_\w+/)![0];

  const sent = page.waitForRequest("**/api/me");
  await page.locator("#fetch-api").click();
  const headers = await (await sent).allHeaders();
  expect(headers.authorization).toMatch(/^Bearer ey/);
  expect(headers.cookie, "the token alone authenticates the call").toBeUndefined();
  await expect(page.locator("#api-answer")).toContainText("HTTP 200");
  const answer = JSON.parse((await page.locator("#api-answer").textContent())!.replace(/^HTTP 200\n/, ""));
  expect(answer.user_id).toBe(userId);
  watch.assertClean();
});

test("the action changes the name through the Backend API: without a reload, then without JavaScript", async ({ browser }) => {
  const { context, page } = await newSignedUpPage(browser, "Marie");
  const watch = watchPage(page, BASE_URL);

  // With JavaScript: the ServerAction runs, the loader's Resource refetches, and use_user()
  // follows once clerk-js reloads the user.
  await page.locator("nav").getByRole("link", { name: "Profile" }).click();
  await expect(page.locator("#profile-email")).toContainText("marie-");
  await expect(page.locator("#profile-connected")).toHaveText("none"); // a password, no Google
  await expect(page.locator("#profile-hook-name")).toHaveText("");
  await markPage(page);
  await page.locator("#name-form input[name=first_name]").fill("Maria");
  await page.locator("#name-form input[name=last_name]").fill("Skłodowska");
  await page.locator("#name-form button[type=submit]").click();
  await expect(page.locator("#profile-name")).toHaveText("Maria Skłodowska");
  await expect(page.locator("#profile-hook-name")).toHaveText("Maria");
  expect(await pageWasNotReloaded(page)).toBe(true);
  await page.locator("nav").getByRole("link", { name: "Dashboard" }).click();
  await expect(page.locator("#greeting")).toHaveText("Hello, Maria!");
  await expect(page.locator("main .cl-userAvatarBox")).toHaveText("MS");
  expect(await pageWasNotReloaded(page)).toBe(true);
  const actionUrl = await page.goto("/profile").then(() => page.locator("#name-form").getAttribute("action"));
  watch.assertClean();

  // Without JavaScript: the same form is a plain POST, answered with a redirect back to the page,
  // which the server renders with the change.
  const noJs = await browser.newContext({ baseURL: BASE_URL, javaScriptEnabled: false, storageState: await context.storageState() });
  const plain = await noJs.newPage();
  await plain.goto("/profile");
  await expect(plain.locator("#profile-name")).toHaveText("Maria Skłodowska");
  await plain.locator("#name-form input[name=first_name]").fill("Marya");
  await plain.locator("#name-form button[type=submit]").click();
  await expect(plain).toHaveURL(/\/profile\??$/);
  await expect(plain.locator("#profile-name")).toHaveText("Marya Skłodowska");
  // The server renders use_user() from a fresh Backend API read, not a stale cache.
  await expect(plain.locator("#profile-hook-name")).toHaveText("Marya");

  // Signed out, the same POST is sent to sign-in, with this page as the way back.
  const anonymous = await request.newContext({ baseURL: BASE_URL });
  const refused = await anonymous.post(actionUrl!, {
    form: { first_name: "Eve", last_name: "Hacker" },
    headers: { accept: "text/html", referer: `${BASE_URL}/profile` },
    maxRedirects: 0,
  });
  expect(refused.status()).toBe(302);
  expect(refused.headers().location).toBe("/sign-in?redirect_url=%2Fprofile");
  await plain.reload();
  await expect(plain.locator("#profile-name")).toHaveText("Marya Skłodowska");
  await Promise.all([noJs.close(), context.close(), anonymous.dispose()]);
});

test("notes: create, edit, delete, survive a reload; the webhook made the users row; another user sees none of them", async ({ browser }) => {
  const { context, page, user } = await newSignedUpPage(browser, "Hedy");
  const watch = watchPage(page, BASE_URL);

  // Signing up through Clerk's UI sent user.created to /api/webhooks/clerk: the row is there.
  await expect
    .poll(async () => (await (await page.request.get("/api/me")).json()).user?.email, { timeout: 20_000 })
    .toBe(user.email);

  await page.locator("nav").getByRole("link", { name: "Notes" }).click();
  await expect(page.locator("#notes-empty")).toBeVisible();
  for (const [title, body] of [["Frequency hopping", "spread spectrum"], ["Shopping", "film, gloves"]]) {
    await page.locator("#new-note input[name=title]").fill(title);
    await page.locator("#new-note textarea[name=body]").fill(body);
    await page.locator("#new-note button[type=submit]").click();
    await expect(page.locator("#notes .note-title").first()).toHaveText(title);
  }
  await page.reload();
  await waitForClerk(page);
  expect(await noteTitles(page)).toEqual(["Shopping", "Frequency hopping"]);

  const hopping = page.locator(".note", { hasText: "Frequency hopping" });
  await hopping.locator("summary").click();
  await hopping.locator("textarea[name=body]").fill("torpedo guidance, 1942");
  await hopping.getByRole("button", { name: "Save" }).click();
  await expect(page.locator(".note", { hasText: "Frequency hopping" }).locator(".note-body")).toHaveText("torpedo guidance, 1942");
  await page.locator(".note", { hasText: "Shopping" }).getByRole("button", { name: "Delete" }).click();
  await expect(page.locator(".note", { hasText: "Shopping" })).toHaveCount(0);
  await page.reload();
  await waitForClerk(page);
  expect(await noteTitles(page)).toEqual(["Frequency hopping"]);
  await expect(page.locator(".note .note-body")).toHaveText("torpedo guidance, 1942");
  const noteId = await page.locator(".note").getAttribute("data-note-id");

  // Past a page (50 notes), the list goes on through "Older notes", a router navigation.
  for (let n = 1; n <= 50; n++) {
    const created = await page.request.post("/api/notes", { data: { title: `Bulk ${n}` } });
    expect(created.status()).toBe(201);
  }
  await page.reload();
  await waitForClerk(page);
  await expect(page.locator("#notes .note")).toHaveCount(50);
  expect((await noteTitles(page)).every((title) => title.startsWith("Bulk "))).toBe(true);
  await page.locator("#notes-older").click();
  await expect(page).toHaveURL(/\/notes\?before=/);
  await expect(page.locator("#notes .note")).toHaveCount(1);
  expect(await noteTitles(page)).toEqual(["Frequency hopping"]);
  await expect(page.locator("#notes-older")).toHaveCount(0);
  await page.locator("#notes-newest").click();
  await expect(page.locator("#notes .note")).toHaveCount(50);
  watch.assertClean();

  // Input the server refuses is the client's error (422), not the server's (500, which clients
  // retry and the request log reports): from a form's server function, and a page's cursor.
  const refused = page.waitForResponse((response) => /create_note/.test(response.url()));
  await page.locator("#new-note input[name=title]").fill("   ");
  await page.locator("#new-note button[type=submit]").click();
  expect((await refused).status()).toBe(422);
  await expect(page.locator("#notes-error")).toContainText("a note needs a title");
  // A form posted without JavaScript is still sent back to its page (Leptos's redirect), refused
  // or not: the status is only for the server function's own clients.
  const action = await page.locator("#new-note").getAttribute("action");
  const plainPost = await page.request.post(action ?? "", {
    form: { title: "   ", body: "" },
    headers: { accept: "text/html", referer: `${BASE_URL}/notes` },
    maxRedirects: 0,
  });
  expect(plainPost.status()).toBe(302);
  expect(plainPost.headers()["location"]).toMatch(new RegExp(`^${BASE_URL}/notes\\?.*__err=`));
  const badCursor = await page.goto("/notes?before=garbage");
  expect(badCursor?.status()).toBe(422);
  await expect(page.locator("#error-page")).toContainText("is not a notes cursor");

  // Another user: an empty list, and Hedy's note by its id is "not found".
  const other = await newSignedUpPage(browser, "Alan");
  await other.page.goto("/notes");
  await expect(other.page.locator("#notes-empty")).toBeVisible();
  expect((await other.page.request.get(`/api/notes/${noteId}`)).status()).toBe(404);
  expect((await other.page.request.delete(`/api/notes/${noteId}`)).status()).toBe(404);
  expect((await page.request.get(`/api/notes/${noteId}`)).status()).toBe(200);
  await Promise.all([context.close(), other.context.close()]);
});

test("API keys: made in Clerk's <APIKeys/> on /api-keys, a script calls the JSON API with one as the user, until it is revoked", async ({ browser }) => {
  const { context, page } = await newSignedUpPage(browser, "Katherine");
  const watch = watchPage(page, BASE_URL);
  const me = await (await page.request.get("/api/me")).json();

  await page.goto("/api-keys");
  await waitForClerk(page);
  const keys = page.locator(".cl-apiKeys");
  await expect(keys.getByText("No API keys found")).toBeVisible();
  await keys.getByRole("button", { name: "Add new key" }).click();
  await keys.locator("input[name=name]").fill("orbit script");
  await keys.locator("input[name=apiKeyDescription]").fill("computes trajectories");
  await keys.getByRole("button", { name: "Create key" }).click();
  // The secret, shown once in Clerk's modal.
  const secretInput = page.locator(".cl-apiKeysCopyModalInput input");
  await expect(secretInput).toHaveValue(/^ak_/);
  const secret = await secretInput.inputValue();
  await page.keyboard.press("Escape");
  await expect(keys.locator("tr", { hasText: "orbit script" })).toBeVisible();

  // A script: no cookies, only the key.
  const script = await request.newContext({ baseURL: BASE_URL, extraHTTPHeaders: { authorization: `Bearer ${secret}` } });
  const asScript = await (await script.get("/api/me")).json();
  expect(asScript.user_id).toBe(me.user_id);
  expect((await script.post("/api/notes", { data: { title: "Trajectory", body: "" } })).status()).toBe(201);
  await page.goto("/notes");
  await expect(page.locator("#notes .note-title")).toHaveText(["Trajectory"]);

  // <UserProfile/> lists the same key on its "API keys" page.
  await page.goto("/user/api-keys");
  await waitForClerk(page);
  await expect(page.locator(".cl-userProfile-root .cl-apiKeys tr", { hasText: "orbit script" })).toBeVisible();

  // Revoked from the component (Clerk asks to type "Revoke"): the script is refused from then on.
  // Its row says when the key was last used: just now, by the script.
  await page.goto("/api-keys");
  await waitForClerk(page);
  await expect(keys.locator("tr", { hasText: "orbit script" })).toContainText(/\d+s ago/);
  await keys.locator("tr", { hasText: "orbit script" }).getByRole("button").click();
  await page.getByRole("menuitem", { name: "Revoke key" }).click();
  await page.locator(".cl-apiKeysRevokeModalInput input").fill("Revoke");
  await page.locator(".cl-apiKeysRevokeModalSubmitButton").click();
  await expect(keys.getByText("No API keys found")).toBeVisible();
  const refused = await script.get("/api/notes");
  expect(refused.status()).toBe(401);
  expect((await refused.json()).reason).toBe("token-invalid");
  await script.dispose();
  watch.assertClean();

  // Signed out, the page is a redirect to sign-in, before any HTML.
  const anonymous = await request.newContext({ baseURL: BASE_URL });
  const redirect = await anonymous.get("/api-keys", { maxRedirects: 0 });
  expect(redirect.status()).toBe(302);
  expect(redirect.headers()["location"]).toBe("/sign-in?redirect_url=%2Fapi-keys");
  await anonymous.dispose();
  await context.close();
});

test("organization notes: members share them; deleting takes org:notes:delete, checked on the server", async ({ browser }) => {
  expect(SECRET_KEY, "scripts/test passes the local instance's CLERK_SECRET_KEY").not.toBe("");
  const admin = await newSignedUpPage(browser, "Grace");
  const member = await newSignedUpPage(browser, "Barbara");

  // The admin creates an organization (creator role: org:admin, which has org:notes:delete).
  await admin.page.goto("/notes");
  await waitForClerk(admin.page);
  const orgId = await admin.page.evaluate(async () => {
    const clerk = (window as any).Clerk;
    const org = await clerk.createOrganization({ name: "Navy " + Date.now() });
    await clerk.setActive({ organization: org.id });
    return org.id as string;
  });
  await expect(admin.page.locator("#note-shared")).toBeVisible();
  await admin.page.locator("#new-note input[name=title]").fill("Team plan");
  await admin.page.locator("#note-shared").check();
  await admin.page.locator("#new-note button[type=submit]").click();
  const shared = admin.page.locator(".note", { hasText: "Team plan" });
  await expect(shared).toHaveAttribute("data-shared", "true");
  await expect(admin.page.locator("#note-shared"), "the form is reset after a save").not.toBeChecked();
  await admin.page.locator("#new-note input[name=title]").fill("Private thought");
  await admin.page.locator("#new-note button[type=submit]").click();
  await expect(admin.page.locator(".note", { hasText: "Private thought" })).toHaveAttribute("data-shared", "false");
  const noteId = await shared.getAttribute("data-note-id");

  // The member joins as org:member (through the Backend API) and activates the organization.
  const memberId = await member.page.evaluate(() => (window as any).Clerk.user.id as string);
  const added = await member.page.request.post(`/__clerk_local/api/v1/organizations/${orgId}/memberships`, {
    headers: { authorization: `Bearer ${SECRET_KEY}` },
    data: { user_id: memberId, role: "org:member" },
  });
  expect(added.status(), await added.text()).toBe(200);
  const watch = watchPage(member.page, BASE_URL, [/HTTP 403 DELETE .*\/api\/notes\//, /status of 403/]);
  await member.page.goto("/notes");
  await waitForClerk(member.page);
  await member.page.evaluate(async (org) => (window as any).Clerk.setActive({ organization: org }), orgId);
  const seen = member.page.locator(".note", { hasText: "Team plan" });
  await expect(seen).toBeVisible();
  expect(await noteTitles(member.page)).toEqual(["Team plan"]);
  // The button is hidden by <Protect>, but that is comfort, not security: the server refuses.
  await expect(seen.getByRole("button", { name: "Delete" })).toHaveCount(0);
  await expect(seen).toContainText("Deleting needs org:notes:delete.");
  const status = await member.page.evaluate(async (id) => {
    const token = await (window as any).Clerk.session.getToken();
    const response = await fetch(`/api/notes/${id}`, { method: "DELETE", headers: { authorization: `Bearer ${token}` } });
    return response.status;
  }, noteId);
  expect(status).toBe(403);
  // Members edit the organization's notes together.
  await seen.locator("summary").click();
  await seen.locator("textarea[name=body]").fill("edited by a member");
  await seen.getByRole("button", { name: "Save" }).click();
  await expect(member.page.locator(".note .note-body")).toHaveText("edited by a member");
  watch.assertClean();

  // The admin, with the permission, deletes it.
  await admin.page.reload();
  await waitForClerk(admin.page);
  await expect(shared.locator(".note-body")).toHaveText("edited by a member");
  await shared.getByRole("button", { name: "Delete" }).click();
  await expect(shared).toHaveCount(0);
  await member.page.reload();
  await expect(member.page.locator("#notes-empty")).toBeVisible();

  // API keys are the personal account's: with the organization active, /api-keys says so (on
  // the server already) and switches to the personal account, where Clerk's <APIKeys/> mounts.
  await admin.page.goto("/api-keys");
  await expect(admin.page.locator("#api-keys-personal-only")).toBeVisible();
  await waitForClerk(admin.page);
  await admin.page.getByRole("button", { name: "Switch to your personal account" }).click();
  await expect(admin.page.locator(".cl-apiKeys").getByText("No API keys found")).toBeVisible();
  await Promise.all([admin.context.close(), member.context.close()]);
});

test("a failing loader renders the error page with status 500, hydrates cleanly, and leaving the page clears it", async ({ browser }) => {
  expect(SECRET_KEY, "scripts/test passes the local instance's CLERK_SECRET_KEY").not.toBe("");
  const { context, page } = await newSignedUpPage(browser, "Ghost");
  // The user is deleted behind the page's back: the session token in the cookie stays valid for
  // up to a minute, so the page is rendered signed in, and its loader's Backend API call fails.
  const userId = await page.evaluate(() => (window as any).Clerk.user.id as string);
  const deleted = await page.request.delete(`/__clerk_local/api/v1/users/${userId}`, {
    headers: { authorization: `Bearer ${SECRET_KEY}` },
  });
  expect(deleted.status(), await deleted.text()).toBe(200);

  const watch = watchPage(page, BASE_URL, [/HTTP 500 GET .*\/profile$/, /status of 500/]);
  const response = await page.goto("/profile");
  expect(response!.status()).toBe(500);
  await expect(page.locator("#error-page h1")).toHaveText("Something went wrong");
  await expect(page.locator("#error-page .error")).toContainText("Backend API");
  await page.locator("body[data-hydrated]").waitFor();

  // A client-side navigation away drops the failed page, and its error with it.
  await page.locator("#error-page a").click();
  await expect(page.locator("#error-page")).toHaveCount(0);
  await expect(page.locator("main h1")).toBeVisible();
  watch.assertClean();
  await context.close();
});

test("the Content-Security-Policy runs the page's own scripts and refuses an injected one", async ({ page }) => {
  // Only the violation this test provokes is allowed.
  const watch = watchPage(page, BASE_URL, [/^Executing inline script violates the following Content Security Policy directive 'script-src /]);
  await page.addInitScript(() => {
    (window as any).__violations = [];
    document.addEventListener("securitypolicyviolation", (event) =>
      (window as any).__violations.push(`${event.effectiveDirective} ${event.blockedURI}`),
    );
  });
  await page.goto("/");
  // The page's inline and Clerk scripts carry the nonce: it hydrated and clerk-js loaded.
  await waitForClerk(page);
  expect(await page.evaluate(() => (window as any).__violations)).toEqual([]);

  // An inline script without the nonce (what an injection would be) does not run.
  await page.evaluate(() => {
    const script = document.createElement("script");
    script.textContent = "window.__injected = true";
    document.body.append(script);
  });
  await expect.poll(() => page.evaluate(() => (window as any).__violations)).toEqual(["script-src-elem inline"]);
  expect(await page.evaluate(() => (window as any).__injected)).toBeUndefined();
  watch.assertClean();
});

test("deleting all personal notes needs a verification from the last minute: Clerk's modal opens, a cancel deletes nothing, a verification deletes them", async ({ browser }) => {
  test.setTimeout(180_000);
  // The server refuses with 403 (Clerk's reverification hint) before each verification.
  const expected = [
    /HTTP 403 POST .*delete_personal_notes/,
    /status of 403/,
    // Clerk UI's script blocked for a moment, below.
    /Failed to load resource: net::ERR_FAILED/,
    /Clerk UI's script did not load|the verification modal needs Clerk UI/,
  ];
  const addNotes = async (page: Page, ...titles: string[]) => {
    for (const title of titles) {
      expect((await page.request.post("/api/notes", { data: { title } })).status()).toBe(201);
    }
  };

  // Just signed up: the session verified a moment ago, so the deletion runs at once.
  {
    const { context, page } = await newSignedUpPage(browser, "Ada");
    const watch = watchPage(page, BASE_URL);
    await addNotes(page, "Compiler");
    await page.goto("/notes");
    await waitForClerk(page);
    await page.locator("#delete-all-notes").click();
    await expect(page.locator("#delete-all-outcome")).toHaveText("Deleted your personal note.");
    await expect(page.locator("#notes-empty")).toBeVisible();
    await expect(page.locator(".cl-userVerification-root")).toHaveCount(0);
    watch.assertClean();
    await context.close();
  }

  // Signed in over a minute ago (and a token minted since, as clerk-js's next refresh would):
  // it asks again.
  await new Promise((wait) => setTimeout(wait, Math.max(0, early.signedUpAt + 62_000 - Date.now())));
  const context = await browser.newContext({ baseURL: BASE_URL, storageState: early.state });
  const page = await context.newPage();
  const user = early.user;
  const watch = watchPage(page, BASE_URL, expected);
  const deleteAll = page.locator("#delete-all-notes");
  const outcome = page.locator("#delete-all-outcome");
  const modal = page.locator(".cl-userVerification-root");
  // The page's session cookie is from the sign-up. Within the server's clock-skew leeway past its
  // expiry it still passes (no handshake), and an API call a moment later may not: a token
  // minted now first (clerk-js puts it in the cookie).
  await page.goto("/notes");
  await waitForClerk(page);
  await page.evaluate(() => (window as any).Clerk.session.getToken({ skipCache: true }));
  await addNotes(page, "Nanosecond", "Debugging");
  await page.reload();
  await waitForClerk(page);
  // A token cached by clerk-js from before the minute would still pass: ask for a new one.
  await page.evaluate(() => (window as any).Clerk.session.getToken({ skipCache: true }));
  const titles = page.locator("#notes .note-title");
  await expect(titles).toHaveText(["Debugging", "Nanosecond"]);

  // Two refused calls at once share one modal, and both hear that it was closed. The page
  // disables its button while a deletion runs; two different sensitive actions would not be.
  let refusals = 0;
  const countRefusal = (response: Response) => {
    if (/delete_personal_notes/.test(response.url()) && response.status() === 403) refusals += 1;
  };
  page.on("response", countRefusal);
  await page.evaluate(() => {
    const button = document.querySelector<HTMLButtonElement>("#delete-all-notes")!;
    button.click();
    button.disabled = false;
    button.click();
  });
  await expect(modal).toBeVisible();
  await expect.poll(() => refusals).toBe(2);
  await page.locator(".cl-modalCloseButton").click();
  await expect(outcome).toHaveText("Verification cancelled: nothing was deleted.");
  await expect(modal).toHaveCount(0);
  // Neither call is left waiting: the button is enabled again once no deletion runs.
  await expect(deleteAll).toBeEnabled();
  page.off("response", countRefusal);
  await expect(titles).toHaveText(["Debugging", "Nanosecond"]);

  // Without Clerk UI's script no modal can open: once the script's time is up the deletion is
  // refused with that answer, rather than left waiting, and the button works again.
  await page.route("**/ui.browser.js", (route) => route.abort());
  await page.reload();
  await waitForClerk(page);
  await deleteAll.click();
  await expect(outcome).toHaveText("This needs a recent verification: verify it is you and try again.", {
    timeout: 25_000,
  });
  await expect(deleteAll).toBeEnabled();
  await expect(titles).toHaveText(["Debugging", "Nanosecond"]);
  await page.unroute("**/ui.browser.js");
  await page.reload();
  await waitForClerk(page);

  await deleteAll.click();
  await expect(modal).toBeVisible();
  await modal.locator("input[name=password]").fill(user.password);
  await modal.getByRole("button", { name: "Continue", exact: true }).click();
  await expect(outcome).toHaveText("Deleted your 2 personal notes.");
  await expect(modal).toHaveCount(0);
  await expect(page.locator("#notes-empty")).toBeVisible();
  // The page stayed signed in, and the deletion is in the database.
  await expect(page.locator("nav")).toHaveAttribute("data-clerk-status", "ready");
  expect(await (await page.request.get("/api/notes")).json()).toEqual([]);
  watch.assertClean();
  await context.close();
});
