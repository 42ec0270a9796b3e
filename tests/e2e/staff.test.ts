import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { singleWithDog } from "../../scripts/lib/personas";
import { TEST_ADMIN_ID } from "../support/env";
import { createHarness, type Harness } from "../support/harness";
import { grantStaff, seedMunicipalities, seedPeople } from "../support/seed";

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
    // someone who has not used the bot reads German until they choose with /language
    expect((await h.db.staffMember.findUniqueOrThrow({ where: { telegramId: 4003n } })).language).toBe("de");
    // someone who uses the bot reads its language
    await seedPeople(h.db, [{ telegramId: 4004, language: "uk" }]);
    await admin.say("/grant 4004 caseworker");
    expect((await h.db.staffMember.findUniqueOrThrow({ where: { telegramId: 4004n } })).language).toBe("uk");
    await admin.say("/revoke 4004");
    expect((await admin.say("/grant 4003 city nowhere"))[0]?.text).toBe(
      en("staff.unknown_municipality", { id: "nowhere" }),
    );
    const list = (await admin.say("/staff"))[0]?.text ?? "";
    expect(list).toContain("4002");
    expect(list).toContain("4003");
    expect((await admin.say("/revoke 4003"))[0]?.text).toBe(en("staff.revoked", { id: "4003" }));
    expect(await h.db.staffMember.count({ where: { telegramId: 4003n } })).toBe(0);
    const actions = (await h.db.auditLog.findMany({ orderBy: { createdAt: "asc" } })).map((a) => a.action);
    // the refugee's second use of the code is an audited failure
    expect(actions).toEqual([
      "staff.invite",
      "staff.join",
      "staff.join_failed",
      "staff.grant",
      "staff.grant",
      "staff.revoke",
      "staff.revoke",
    ]);
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

describe("admin access cannot be forged", () => {
  const en = () => h.i18n.t("en");
  const codeOf = (text = "") => /\/join (\S+)/.exec(text)?.[1] ?? "";

  it("admins come only from ADMIN_TELEGRAM_IDS: an id removed from it has no admin power after a restart", async () => {
    const former = 4110;
    // a row that says admin, as `/invite admin` used to create, and the id in the list
    await grantStaff(h.db, [{ telegramId: former, role: "admin" }]);
    await h.processes.stop("bot");
    h.processes.env.ADMIN_TELEGRAM_IDS = `${TEST_ADMIN_ID},${former}`;
    await h.processes.start("bot");
    const them = h.user(former, "Former", "en");
    expect((await them.say("/staff"))[0]?.text).toContain(en()("staff.list_title"));

    await h.processes.stop("bot");
    h.processes.env.ADMIN_TELEGRAM_IDS = String(TEST_ADMIN_ID);
    await h.processes.start("bot");
    for (const command of ["/staff", "/grant 4111 caseworker", "/invite caseworker", "/revoke 4002"])
      expect((await them.say(command))[0]?.text).toBe(en()("fallback.unknown_command"));
    expect(await h.db.staffMember.count({ where: { telegramId: 4111n } })).toBe(0);
    expect(await h.db.inviteCode.count({ where: { createdBy: { not: "" }, usedAt: null } })).toBe(0);
  });

  it("/invite admin and /grant … admin are refused: no code, no row", async () => {
    const admin = h.user(TEST_ADMIN_ID, "Admin", "en");
    const invites = await h.db.inviteCode.count();
    expect((await admin.say("/invite admin"))[0]?.text).toBe(en()("ops.admin_env_only"));
    expect((await admin.say("/grant 4112 admin"))[0]?.text).toBe(en()("ops.admin_env_only"));
    expect(await h.db.inviteCode.count()).toBe(invites);
    expect(await h.db.staffMember.count({ where: { telegramId: 4112n } })).toBe(0);
  });

  it("wrong invite codes are throttled per account and audited; others are not held up", async () => {
    const admin = h.user(TEST_ADMIN_ID, "Admin", "en");
    const code = codeOf((await admin.say("/invite caseworker"))[0]?.text);
    const guesser = h.user(4113, "Guesser", "en");
    for (let i = 0; i < 5; i++)
      expect((await guesser.say(`/join WRONG${i}XX`))[0]?.text).toBe(en()("staff.join_invalid"));
    // the limit is reached: even the right code is not tried now
    expect((await guesser.say("/join WRONG9XX"))[0]?.text).toBe(en()("ops.join_throttled"));
    expect((await guesser.say(`/join ${code}`))[0]?.text).toBe(en()("ops.join_throttled"));
    expect(await h.db.inviteCode.count({ where: { usedAt: null } })).toBe(1);
    expect(
      await h.db.auditLog.count({ where: { action: "staff.join_failed", actorId: "telegram:4113" } }),
    ).toBe(5);
    // another account is not held up by the guesser
    const colleague = h.user(4114, "Colleague", "en");
    expect((await colleague.say(`/join ${code}`))[0]?.text).toBe(
      en()("staff.joined", { role: en()("staff.role_caseworker") }),
    );
  });

  it("a refugee who joins as city staff keeps their own data and conversation; staff features use the staff role", async () => {
    const person = h.user(4115, "Iryna", "en");
    await h.register(person, "en", singleWithDog);
    const before = await h.db.user.findUniqueOrThrow({
      where: { telegramId: 4115n },
      include: { intake: true },
    });
    const status = (await person.say("/status"))[0]?.text;
    const admin = h.user(TEST_ADMIN_ID, "Admin", "en");
    const code = codeOf((await admin.say("/invite city kiel"))[0]?.text);
    expect((await person.say(`/join ${code}`))[0]?.text).toBe(
      en()("staff.joined", { role: en()("staff.role_city", { municipality: "kiel" }) }),
    );
    // as staff: a broadcast draft takes their text (not the questionnaire, not the assistant)
    expect((await person.say("/broadcast"))[0]?.text).toBe(en()("arrival.staff.compose"));
    await person.say("en: Welcome to Kiel!");
    const draft = await h.db.broadcast.findFirstOrThrow({ where: { status: "draft" } });
    expect(draft.texts).toEqual({ en: "Welcome to Kiel!" });
    // as a refugee: the same household, the same answers, the same status reply
    const after = await h.db.user.findUniqueOrThrow({
      where: { telegramId: 4115n },
      include: { intake: true },
    });
    expect(after).toEqual(before);
    expect((await person.say("/status"))[0]?.text).toBe(status);
    expect(await h.db.supportQuestion.count()).toBe(0);
  });
});
