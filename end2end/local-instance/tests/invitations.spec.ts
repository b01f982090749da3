import { expect, submitSignUp, test, uniqueEmail } from "./support";
import type { Page } from "@playwright/test";

async function signUp(page: Page, email: string, password: string) {
  await page.locator("input[name=emailAddress]").fill(email);
  await page.locator("input[name=password]").fill(password);
  await submitSignUp(page);
  await expect(page.locator("#state")).toContainText(email);
}

test("invite a member from the organization's profile; they join from the switcher", async ({ page, playground }) => {
  const admin = uniqueEmail("admiral");
  const invitee = uniqueEmail("ensign");
  await playground.open("sign-up", { redirect: "/?c=organization-switcher" });
  await signUp(page, admin, "admiral-password-1");
  await expect(page.locator("body[data-mounted='organization-switcher']")).toBeAttached();
  await page.evaluate(async () => {
    const clerk = (window as any).Clerk;
    const org = await clerk.createOrganization({ name: "Fleet" + Date.now() });
    await clerk.setActive({ organization: org.id });
  });

  const switcher = page.getByRole("button", { name: "Open organization switcher" });
  await switcher.click();
  await page.getByRole("menuitem", { name: /manage/i }).or(page.getByRole("button", { name: /manage/i })).first().click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("button", { name: "Members" }).click();
  await dialog.getByRole("button", { name: "Invite", exact: true }).click();
  await dialog.getByPlaceholder(/example@email\.com/).fill(invitee + ",");
  await dialog.getByRole("button", { name: "Select role" }).click();
  await page.getByRole("option", { name: "Member" }).or(page.getByText("Member", { exact: true })).first().click();
  await dialog.getByRole("button", { name: /send invitations/i }).click();
  await expect(dialog).toContainText(/invitations successfully sent/i);
  await page.keyboard.press("Escape");

  // The invitee signs up with the invited address and accepts in the switcher.
  await page.locator("#sign-out").click();
  await expect(page).toHaveURL(/\?c=sign-in$/);
  await expect(page.locator("#state")).toHaveAttribute("data-clerk-status", "ready");
  await page.goto("/?c=sign-up&redirect=%2F%3Fc%3Dorganization-switcher");
  await signUp(page, invitee, "ensign-password-1");
  await expect(page.locator("body[data-mounted='organization-switcher']")).toBeAttached();
  await switcher.click();
  await page.getByRole("button", { name: "Join", exact: true }).click();
  await expect
    .poll(() =>
      page.evaluate(async () => {
        const memberships = await (window as any).Clerk.user.getOrganizationMemberships();
        return memberships.data.map((m: any) => m.role);
      }),
    )
    .toEqual(["org:member"]);
});
