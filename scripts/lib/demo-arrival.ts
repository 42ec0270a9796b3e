import { householdRef } from "../../core/reference";
import type { Db } from "../../shared/db";
import type { I18n } from "../../shared/i18n";
import { berlinWallClock } from "../../shared/messages/time";
import { EmulatedUser } from "./emulated-user";
import type { ProcessRunner } from "./processes";
import type { TelegramEmulator } from "./telegram-emulator";

export interface ArrivalDemo {
  emulator: TelegramEmulator;
  db: Db;
  i18n: I18n;
  /** bot and worker already running */
  processes: ProcessRunner;
  /** refugees whose households are placed in one municipality (Intake.status "placed") */
  people: EmulatedUser[];
  /** plays city staff; by default a German-speaking clerk of the people's municipality is created */
  staff?: EmulatedUser;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * City staff at work, as in the pilot after the match: the city's arrival details, each
 * household's arrival, a language course with its reminder, and a broadcast. Everything goes
 * through the real bot and worker; the people's transcripts get what they received, and their
 * /info and /events.
 */
export async function demoArrival({ emulator, db, i18n, people, staff }: ArrivalDemo): Promise<void> {
  const first = people[0];
  if (!first) return;
  const intakes = await db.intake.findMany({
    where: { user: { telegramId: { in: people.map((p) => BigInt(p.id)) } }, status: "placed" },
    include: { user: true },
  });
  const municipalityId = intakes[0]?.municipalityId;
  if (!municipalityId) throw new Error("demoArrival: the people must be placed in a municipality first");
  // the city's name in every address below; all addresses and phone numbers are invented examples
  const city = (await db.municipality.findUniqueOrThrow({ where: { id: municipalityId } })).name;
  const clerk = staff ?? new EmulatedUser(emulator, 777_300, "Katrin (city staff)", "de");
  await db.staffMember.upsert({
    where: { telegramId: BigInt(clerk.id) },
    create: {
      telegramId: BigInt(clerk.id),
      chatId: BigInt(clerk.id),
      role: "city_staff",
      municipalityId,
      language: "de",
    },
    update: { role: "city_staff", municipalityId },
  });
  const de = i18n.t(clerk.languageCode === "de" ? "de" : "en");
  const open = () =>
    db.delivery.count({ where: { status: { in: ["pending", "sending"] }, sendAfter: null } });
  const delivered = async () => {
    for (let i = 0; i < 200 && (await open()) > 0; i++) await sleep(100);
    await sleep(300);
    for (const p of people) p.read();
  };

  // 1. the city's own details, in German and Ukrainian (other languages see German with a note)
  await clerk.say("/city");
  await clerk.say(
    `/cityinfo\naddress: Welcome Centre, Musterstraße 1, ${city}\ncontact: +49 000 0000001 (Mon–Fri 9–16)\n` +
      "de: Bitte bringen Sie Ihre Pässe und die Ankunftsbestätigung mit.\n" +
      "uk: Будь ласка, візьміть паспорти та підтвердження прибуття.",
  );
  // the list of who is coming, and one household's view: names and dates of birth as in the passports
  await clerk.say("/arrival");
  if (intakes[0]) await clerk.say(`/arrival ${householdRef(intakes[0].id).toLowerCase()}`);
  // 2. each household's arrival: date, meeting point, who meets them, first appointments
  let day = 3;
  for (const intake of intakes) {
    const date = berlinWallClock(new Date(Date.now() + day++ * 86_400_000)).slice(0, 10);
    const next = berlinWallClock(new Date(Date.now() + day * 86_400_000)).slice(0, 10);
    await clerk.say(
      `/arrival ${householdRef(intake.id)}\ndate: ${date} 14:30\nmeeting: ${city} Hbf, Gleis 3 (Info-Point)\n` +
        `address: Beispielweg 10, ${city}\ncontact: Anna Schmidt\nphone: +49 000 1234567\n` +
        `appointment: ${next} 09:00 | Bürgeramt, Musterstraße 1 | Anmeldung der Wohnung\n` +
        `appointment: ${next} 11:00 | Jobcenter ${city} | Erstgespräch`,
    );
  }
  await delivered();

  // 3. a language workshop two hours from now (on the minute): the two-hour reminder is due soon
  const start = new Date(Math.ceil((Date.now() + 2 * 3600_000 + 5000) / 60_000) * 60_000);
  await clerk.say(
    `/event\ndate: ${berlinWallClock(start)}\nplace: Volkshochschule ${city}, Raum 2\nkind: workshop\n` +
      "de: Sprachcafé Deutsch – erstes Treffen\nen: German language café – first meeting\n" +
      "uk: Мовне кафе (німецька) – перша зустріч",
  );
  await delivered();

  // 4. a broadcast to everyone placed: compose, preview, confirm
  await clerk.say("/broadcast");
  await clerk.say(
    `Willkommen in ${city}! Am Samstag zeigen wir Ihnen die Stadt. Treffpunkt 11 Uhr am Rathaus.\n` +
      `uk: Ласкаво просимо до міста ${city}! У суботу ми покажемо вам місто. Зустріч об 11:00 біля ратуші.\n` +
      `ru: Добро пожаловать в город ${city}! В субботу мы покажем вам город. Встреча в 11:00 у ратуши.`,
  );
  await clerk.tap("👁 pl");
  await clerk.tap(de("arrival.staff.send"));
  await clerk.tap(de("arrival.staff.confirm_yes"));
  await delivered();
  await clerk.say("/broadcasts"); // the figures once it has gone out

  // 5. the people look it up themselves
  for (const p of people) {
    await p.say("/info");
    await p.say("/events");
  }
  // 6. the reminder two hours before the workshop, sent by the worker on time
  const due = start.getTime() - 2 * 3600_000;
  const deadline = due + 20_000;
  while (Date.now() < deadline) {
    const left = await db.delivery.count({
      where: { kind: "reminder", status: "pending", sendAfter: { lte: new Date(Date.now() + 1000) } },
    });
    if (Date.now() > due && left === 0) break;
    await sleep(250);
  }
  await sleep(300);
  for (const p of people) p.read();
}
