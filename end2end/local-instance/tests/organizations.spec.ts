import { ADA, expect, sessionClaims, signInWithPassword, submitSignUp, test, uniqueEmail } from "./support";

test("create an organization, switch to it and back: the token's v2 `o` claims follow", async ({ page, playground }) => {
  await playground.open("sign-in", { redirect: "/?c=organization-switcher,user-button" });
  await signInWithPassword(page, ADA.email, ADA.password);
  await expect(page.locator("body[data-mounted='organization-switcher,user-button']")).toBeAttached();
  await expect(page.locator("#state")).toHaveAttribute("data-clerk-status", "ready");

  // Personal account: no organization claims.
  const personal = await sessionClaims(page);
  expect(personal.o).toBeUndefined();

  const name = `Analytical Engines ${Date.now().toString(36)}`;
  const org = await page.evaluate(async (name) => {
    const org = await (window as any).Clerk.createOrganization({ name });
    await (window as any).Clerk.setActive({ organization: org.id });
    return { id: org.id, slug: org.slug };
  }, name);
  await expect(page.locator("#state")).toContainText(org.slug);

  // The creator is an admin, with the admin role's permissions from Leptos.toml.
  const claims = await sessionClaims(page);
  expect(claims.o).toEqual({
    id: org.id,
    slg: org.slug,
    rol: "admin",
    per: "manage,read,delete",
    fpm: "3,3,4",
  });
  expect(claims.fea).toBe("o:dashboard,o:teams,o:notes");
  const memberships = await page.evaluate(async () => {
    const page = await (window as any).Clerk.user.getOrganizationMemberships();
    return page.data.map((m: any) => ({ org: m.organization.id, role: m.role }));
  });
  expect(memberships).toContainEqual({ org: org.id, role: "org:admin" });

  // The switcher shows the active organization.
  await expect(page.locator("#organization-switcher")).toContainText(name);

  // Back to the personal account: the claims are gone again.
  await page.evaluate(() => (window as any).Clerk.setActive({ organization: null }));
  await expect(page.locator("#state")).toContainText('"organization": null');
  expect((await sessionClaims(page)).o).toBeUndefined();
});

test("create an organization in <OrganizationSwitcher/>; its profile lists the creator as Admin", async ({ page, playground }) => {
  const email = uniqueEmail("hedy");
  await playground.open("sign-up", { redirect: "/?c=organization-switcher" });
  await page.locator("input[name=emailAddress]").fill(email);
  await page.locator("input[name=password]").fill("frequency-hopping-1942");
  await submitSignUp(page);
  await expect(page.locator("body[data-mounted='organization-switcher']")).toBeAttached();
  await expect(page.locator("#state")).toContainText(email);

  const switcher = page.getByRole("button", { name: "Open organization switcher" });
  await switcher.click();
  await page.getByRole("menuitem", { name: /create organization/i }).or(page.getByRole("button", { name: /create organization/i })).first().click();
  await page.locator("input[name=name]").fill("Spread Spectrum");
  await page.getByRole("button", { name: /create organization/i }).last().click();
  await page.getByRole("button", { name: "Skip" }).click();
  await expect(page.locator("#state")).toContainText('"organization": "spread-spectrum"');
  expect((await sessionClaims(page)).o).toMatchObject({ slg: "spread-spectrum", rol: "admin" });

  await switcher.click();
  await page.getByRole("menuitem", { name: /manage/i }).or(page.getByRole("button", { name: /manage/i })).first().click();
  await page.getByRole("dialog").getByRole("button", { name: "Members" }).click();
  await expect(page.getByRole("dialog")).toContainText(email);
  await expect(page.getByRole("dialog")).toContainText("Admin");
});
