import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_ADMIN_ID } from "../support/env";
import { createHarness, type Harness } from "../support/harness";
import { seedMunicipalities } from "../support/seed";

let h: Harness;

beforeAll(async () => {
  h = await createHarness();
  await seedMunicipalities(h.db, [{ id: "kiel", name: "Kiel" }]);
  await h.processes.start("bot");
});

afterAll(async () => {
  await h?.close();
});

describe("staff roles", () => {
  it("an admin invites city staff with a one-time code; refugees learn nothing of staff commands", async () => {
    const en = h.i18n.t("en");
    const admin = h.user(TEST_ADMIN_ID, "Admin", "en");
    const [invite] = await admin.say("/invite city kiel");
    const code = /\/join (\S+)/.exec(invite?.text ?? "")?.[1];
    expect(code).toMatch(/^[A-Z0-9]{8}$/);

    const refugee = h.user(4001, "Oksana", "en");
    for (const command of ["/invite caseworker", "/grant 4001 admin", "/revoke 1", "/staff"]) {
      expect((await refugee.say(command))[0]?.text).toBe(en("fallback.unknown_command"));
    }
    expect(await h.db.inviteCode.count({ where: { usedAt: null } })).toBe(1);

    const clerk = h.user(4002, "Jens", "de");
    const de = h.i18n.t("de");
    const joined = await clerk.say(`/join ${code}`);
    expect(joined[0]?.text).toBe(
      de("staff.joined", { role: de("staff.role_city", { municipality: "kiel" }) }),
    );
    expect(await h.db.staffMember.findUnique({ where: { telegramId: 4002n } })).toMatchObject({
      role: "city_staff",
      municipalityId: "kiel",
    });
    // a code works once
    expect((await refugee.say(`/join ${code}`))[0]?.text).toBe(en("staff.join_invalid"));
    expect(await h.db.staffMember.count()).toBe(1);
    // city staff are not admins
    expect((await clerk.say("/staff"))[0]?.text).toBe(de("fallback.unknown_command"));
  });

  it("an admin grants and revokes roles by user id; every staff action is audited", async () => {
    const admin = h.user(TEST_ADMIN_ID, "Admin", "en");
    const en = h.i18n.t("en");
    expect((await admin.say("/grant 4003 caseworker"))[0]?.text).toBe(
      en("staff.granted", { id: "4003", role: en("staff.role_caseworker") }),
    );
    expect((await admin.say("/grant 4003 city nowhere"))[0]?.text).toBe(
      en("staff.unknown_municipality", { id: "nowhere" }),
    );
    const list = (await admin.say("/staff"))[0]?.text ?? "";
    expect(list).toContain("4002");
    expect(list).toContain("4003");
    expect((await admin.say("/revoke 4003"))[0]?.text).toBe(en("staff.revoked", { id: "4003" }));
    expect(await h.db.staffMember.count({ where: { telegramId: 4003n } })).toBe(0);
    const actions = (await h.db.auditLog.findMany({ orderBy: { createdAt: "asc" } })).map((a) => a.action);
    expect(actions).toEqual(["staff.invite", "staff.join", "staff.grant", "staff.revoke"]);
  });

  it("gives staff the console by /console: a one-time login link, their own /help and their role's command menu", async () => {
    const de = h.i18n.t("de");
    await h.db.staffMember.create({
      data: { telegramId: 4010n, chatId: 4010n, role: "caseworker", language: "de" },
    });
    const caseworker = h.user(4010, "Jana", "de");
    const [offer, link] = await caseworker.say("/console");
    expect(offer?.text).toBe(de("menu.console_text"));
    const button = offer?.buttons.flat().find((b) => b.text === de("menu.console_link"));
    expect(button?.url).toMatch(/\/login#token=[\w-]{40,}&next=%2F$/);
    expect(link?.text).toContain(button?.url ?? "missing");
    const token = new URLSearchParams(button?.url?.split("#")[1]).get("token") ?? "";
    const row = await h.db.loginToken.findFirstOrThrow({ where: { telegramId: 4010n } });
    expect(row.tokenHash).not.toContain(token); // only the hash is stored
    expect(Math.abs(row.expiresAt.getTime() - row.createdAt.getTime() - 10 * 60_000)).toBeLessThan(1000);
    // the command menu of this chat is the caseworkers', in German
    const menu = h.emulator.setup.find(
      (c) => c.method === "setMyCommands" && JSON.stringify(c.body.scope ?? "").includes("4010"),
    );
    expect(JSON.stringify(menu?.body.commands)).toContain(de("menu.command.round"));
    expect((await caseworker.say("/help"))[0]?.text).toContain(de("staff.help_caseworker"));
    // a refugee learns nothing of it
    const refugee = h.user(4011, "Iryna", "en");
    expect((await refugee.say("/console"))[0]?.text).toBe(h.i18n.t("en")("fallback.unknown_command"));
    expect(await h.db.loginToken.count()).toBe(1);
  });
});
