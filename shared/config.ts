import { z } from "zod";
import { DEFAULT_DATABASE_URL } from "./database-url";

/** Environment of every process, validated once at start-up. */
const idList = z
  .string()
  .default("")
  .transform((s) =>
    s
      .split(",")
      .map((x) => x.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.string().regex(/^\d+$/, "comma-separated numeric Telegram user ids")))
  .transform((ids) => ids.map((id) => BigInt(id)));

const port = z.coerce.number().int().min(0).max(65535);

/** Telegram allows 1-256 of these characters; we ask for 32 or more, random, not a word. */
const secret = z
  .string()
  .regex(/^[\w-]{32,256}$/, "32-256 random letters, digits, _ or - (for example: openssl rand -hex 32)")
  .refine((s) => new Set(s).size >= 10, "a random string, not a repeated pattern (openssl rand -hex 32)");

const fields = z.object({
  BOT_TOKEN: z
    .string({ error: "required: the bot token from @BotFather, like 123456:ABC-def" })
    .regex(/^\d+:[\w-]+$/, "a Telegram bot token like 123456:ABC-def"),
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/, error: "a postgresql:// URL" })
    .default(DEFAULT_DATABASE_URL),
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: "a redis:// URL" }).default("redis://127.0.0.1:6379"),
  TELEGRAM_API_ROOT: z.url({ error: "an http(s) URL of a Bot API server or emulator" }).optional(),
  ADMIN_TELEGRAM_IDS: idList,
  /** Webhook mode: the public https address Telegram posts to; its path is the one served. */
  WEBHOOK_URL: z
    .url({
      protocol: /^https$/,
      error: "a public https:// URL for Telegram webhooks (TLS at the reverse proxy)",
    })
    .optional(),
  /** Where the webhook listener binds: behind a TLS reverse proxy, so loopback by default. */
  WEBHOOK_HOST: z.string().min(1).default("127.0.0.1"),
  WEBHOOK_PORT: port.default(8443),
  /** Required in webhook mode: Telegram sends it with every update; anything without it gets 403. */
  WEBHOOK_SECRET: secret.optional(),
  /** Polling mode refuses to start while the bot has a webhook set, unless this is true. */
  FORCE_POLLING: z.stringbool({ error: "true or false" }).default(false),
  /** `production` turns the warnings about Redis settings into refusals. */
  NODE_ENV: z.string().optional(),
  /** /healthz, /readyz and /metrics of each process (0: any free port, logged at start). */
  OPS_HOST: z.string().min(1).default("127.0.0.1"),
  BOT_OPS_PORT: port.default(9091),
  WORKER_OPS_PORT: port.default(9092),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[\w-]+$/, "letters, digits, _ or -")
    .default("rematch"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** How long personal data is kept after the last activity; shown in the consent text. */
  RETENTION_MONTHS: z.coerce.number().int().min(1).max(60).default(12),
  /** Bulk sends: Telegram allows about 30 messages per second to different chats. */
  SEND_RATE_PER_SECOND: z.coerce.number().int().min(1).max(10_000).default(30),
  /** Bulk sends: Telegram allows about one message per second to the same chat. */
  SEND_CHAT_INTERVAL_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  /** The bot's replies to one chat: a burst at once, then one per interval (0: not paced). */
  BOT_CHAT_BURST: z.coerce.number().int().min(1).max(100).default(5),
  BOT_CHAT_INTERVAL_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  /**
   * How long the bot waits for one update's handler before it logs it as failed and answers the
   * webhook (or takes the next poll); the chat lock is held a little longer, so a dead holder's
   * lock frees by itself. 30 s; a load test on two busy cores may allow more.
   */
  BOT_HANDLER_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
  /** One person's updates: a burst, then one per interval; the rest are dropped with one note. */
  PERSON_BURST: z.coerce.number().int().min(1).max(10_000).default(30),
  PERSON_INTERVAL_MS: z.coerce.number().int().min(0).max(60_000).default(500),
  /** How long a household has to answer an offer, and when before the deadline it is reminded. */
  OFFER_DEADLINE_MINUTES: z.coerce
    .number()
    .min(0.05)
    .max(60 * 24 * 60)
    .default(7 * 24 * 60),
  OFFER_REMINDER_MINUTES: z.coerce
    .number()
    .min(0)
    .max(60 * 24 * 60)
    .default(24 * 60),
  /**
   * How often caseworkers and admins get the digest of registrations, declines and expiries
   * (worker/jobs/staff-digest.ts), in minutes: daily by default.
   */
  STAFF_DIGEST_MINUTES: z.coerce
    .number()
    .min(0.05)
    .max(60 * 24 * 31)
    .default(24 * 60),
  /** Time limit of one matching solve, in seconds. */
  MATCH_TIME_LIMIT_SECONDS: z.coerce.number().min(1).max(3600).default(120),
  /** How long a job stays locked to its worker; a killed worker's job is retried after this. */
  JOB_LOCK_MS: z.coerce.number().int().min(500).max(600_000).default(30_000),
  /**
   * How often the reconciler re-creates, from PostgreSQL, the jobs Redis lost and does overdue work
   * (once per interval across all workers; also at every worker start).
   */
  RECONCILE_INTERVAL_MS: z.coerce.number().int().min(200).max(3_600_000).default(15_000),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** The staff console (web/): where it listens, and the address staff open (https in production). */
  CONSOLE_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  CONSOLE_HOST: z.string().min(1).default("127.0.0.1"),
  CONSOLE_PUBLIC_URL: z.url({ protocol: /^https?$/, error: "the console's public http(s) URL" }).optional(),
  /** How old Telegram's signed init data of the Mini App may be (seconds): a working day. */
  CONSOLE_INIT_DATA_MAX_AGE_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(7 * 86_400)
    .default(8 * 3600),
  /** How long a desktop browser session lasts after a login link (hours). */
  CONSOLE_SESSION_HOURS: z.coerce.number().min(0.1).max(72).default(12),
  /** How often each bot process looks for knowledge-base entries added or changed elsewhere. */
  KNOWLEDGE_POLL_MS: z.coerce.number().int().min(100).max(600_000).default(2000),
});

export const configSchema = fields.superRefine((c, issues) => {
  if (c.WEBHOOK_URL && !c.WEBHOOK_SECRET)
    issues.addIssue({
      code: "custom",
      path: ["WEBHOOK_SECRET"],
      message: "required in webhook mode (WEBHOOK_URL is set): 32 or more random characters",
    });
});

export type Config = z.infer<typeof configSchema>;

/** The console's address as staff open it: CONSOLE_PUBLIC_URL, else where it listens. */
export function consoleUrl(config: Config): string {
  return (config.CONSOLE_PUBLIC_URL ?? `http://${config.CONSOLE_HOST}:${config.CONSOLE_PORT}`).replace(
    /\/$/,
    "",
  );
}

export class ConfigError extends Error {}

/** Parses the environment; a bad value becomes one line naming the variable and what it expects. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const name = String(issue?.path[0] ?? "environment");
  const given = env[name] === undefined ? "missing" : "invalid";
  throw new ConfigError(`${name} is ${given}: expected ${issue?.message ?? "a valid value"}`);
}
