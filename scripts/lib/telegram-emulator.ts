import { EventEmitter } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import TelegramServer from "telegram-test-api";

/**
 * A Telegram Bot API emulator on localhost for tests and the demo, built on the npm package
 * `telegram-test-api` (which stores the bot's messages and handles edits and callback answers).
 * This wrapper adds what the real Bot API does and the package does not:
 * - long polling with `offset`: updates stay until the bot confirms them, so a bot killed
 *   mid-update gets the update again, as from Telegram;
 * - any update type (stickers, voice, edited messages, callback queries from old messages);
 * - sendDocument (multipart) and the harmless set-up methods (setMyCommands …);
 * - the webhook as Telegram keeps it (setWebhook, deleteWebhook, getWebhookInfo): the URL and
 *   secret token the bot set, for tests of webhook mode; `forwardTo` posts each update to the
 *   next of several bot processes in turn, as a load balancer in front of them would, and counts
 *   it handled when the bot answered 200 (Telegram's retry of a failed post included);
 * - injected failures: 403 for chats that "blocked the bot", 429 with retry_after;
 * - latency (`latencyMs`): a send takes that long, half before the message arrives and half
 *   before the answer does, so a sender killed meanwhile may or may not have delivered it.
 */

export interface BotMessage {
  messageId: number;
  chatId: number;
  text: string;
  /** inline buttons: callback data, or the address of a link or Mini App button */
  buttons: { text: string; data: string; url?: string; webApp?: string }[][];
  document?: { fileName: string; content: string; bytes: number };
  photo?: { fileName: string; bytes: number };
  at: number;
}

type Update = Record<string, unknown> & { update_id: number };

interface Failure {
  /**
   * answer sendMessage to this chat with 403 (blocked) or 429 (retry_after seconds), or "lost":
   * the message is shown, then the connection closes before the answer (the sender cannot know)
   */
  kind: "blocked" | "rate" | "lost";
  retryAfter?: number;
  /** for "rate" and "lost": how many times; blocked is forever */
  times?: number;
}

export class TelegramEmulator extends EventEmitter {
  readonly inner: TelegramServer;
  private server: http.Server | null = null;
  private nextUpdateId = 1;
  private pending: Update[] = [];
  private failures = new Map<number, Failure>();
  /** the highest offset the bot has confirmed: every update below it has been handled */
  private confirmed = 0;
  /** every successful sendMessage/sendDocument, by chat: for limit and exactly-once checks */
  readonly sent: { chatId: number; at: number; method: string }[] = [];
  /** the bot's set-up calls (command menus per chat, menu buttons), in order */
  readonly setup: { method: string; body: Record<string, unknown> }[] = [];
  apiRoot = "";
  /** how long each sendMessage/sendPhoto/sendDocument takes (0: at once) */
  latencyMs = 0;
  /** what the bot last gave setWebhook (null: no webhook, polling allowed) */
  webhook: { url: string; secretToken: string | null } | null = null;
  /** webhook mode with several bot processes: where updates are posted, in turn (forwardTo) */
  private hooks: { urls: string[]; secret: string; next: number } | null = null;
  /** updates a bot answered 200 for, in webhook mode */
  private readonly hooked = new Set<number>();

  constructor(readonly token: string) {
    super();
    this.setMaxListeners(1000);
    this.inner = new TelegramServer({ port: 1, storeTimeout: 24 * 3600 });
  }

  async start(port = 0): Promise<string> {
    const innerApp = (this.inner as unknown as { webServer: http.RequestListener }).webServer;
    this.server = http.createServer((req, res) => {
      this.route(req, res, innerApp).catch((error: Error) => {
        res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ ok: false, error_code: 500, description: error.message }));
      });
    });
    this.server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => this.server?.listen(port, "127.0.0.1", resolve));
    const address = this.server.address() as AddressInfo;
    this.apiRoot = `http://127.0.0.1:${address.port}`;
    return this.apiRoot;
  }

  async stop(): Promise<void> {
    this.emit("update"); // release long polls
    await new Promise<void>((resolve) => {
      if (!this.server) return resolve();
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }

  // ---- the person's side ----

  private readonly history = new Map<number, Update>();

  /** Queues an update from a person, as Telegram would deliver it. */
  push(update: Omit<Update, "update_id">): number {
    const update_id = this.nextUpdateId++;
    const full = { ...update, update_id } as Update;
    this.history.set(update_id, full);
    if (this.hooks) void this.post(full);
    else this.pending.push(full);
    this.emit("update");
    return update_id;
  }

  /**
   * Webhook mode behind a load balancer: every update from now on is posted to the next of
   * `urls` in turn with Telegram's secret header, instead of waiting for getUpdates.
   */
  forwardTo(urls: string[], secret: string): void {
    this.hooks = { urls, secret, next: 0 };
  }

  /** Posts one update until a bot answers 200 (Telegram tries a failed delivery again). */
  private async post(update: Update): Promise<void> {
    const hooks = this.hooks;
    if (!hooks) return;
    for (let attempt = 0; attempt < 30; attempt++) {
      const url = hooks.urls[hooks.next++ % hooks.urls.length] ?? "";
      const ok = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": hooks.secret },
        body: JSON.stringify(update),
        // as Telegram, a bot that does not answer in time gets the update again
        signal: AbortSignal.timeout(60_000),
      })
        .then(async (res) => {
          await res.arrayBuffer();
          return res.status === 200;
        })
        .catch(() => false);
      if (ok) {
        this.hooked.add(update.update_id);
        this.emit("confirmed");
        return;
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
  }

  /**
   * Delivers an update again under its own id, as Telegram does when a bot crashed after
   * handling it but before confirming the offset. The bot must not apply it twice.
   */
  redeliver(updateId: number): void {
    const update = this.history.get(updateId);
    if (!update) throw new Error(`no update ${updateId}`);
    if (this.hooks) {
      this.hooked.delete(updateId);
      void this.post(update);
      return;
    }
    this.confirmed = Math.min(this.confirmed, updateId);
    this.pending.unshift(update);
    this.emit("update");
  }

  /** how long `handled` waits by default (a load test on a busy machine may allow more) */
  handleTimeoutMs = 20_000;

  /** Resolves once the bot has handled the update (confirmed an offset past it). */
  async handled(updateId: number, timeoutMs = this.handleTimeoutMs): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.confirmed <= updateId && !this.hooked.has(updateId)) {
      if (Date.now() > deadline)
        throw new Error(`the bot did not handle update ${updateId} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        // one listener per wait, removed however it ends (many people wait at once)
        const done = () => {
          clearTimeout(timer);
          this.off("confirmed", done);
          resolve();
        };
        const timer = setTimeout(done, 200);
        this.once("confirmed", done);
      });
    }
  }

  failFor(chatId: number, failure: Failure | null): void {
    if (failure) this.failures.set(chatId, failure);
    else this.failures.delete(chatId);
  }

  messages(chatId?: number): BotMessage[] {
    return this.inner.storage.botMessages
      .filter((m) => chatId === undefined || Number(m.message.chat_id) === chatId)
      .map((m) => {
        const msg = m.message as unknown as Record<string, unknown>;
        const markup = msg.reply_markup as
          | {
              inline_keyboard?: {
                text: string;
                callback_data?: string;
                url?: string;
                web_app?: { url: string };
              }[][];
            }
          | undefined;
        return {
          messageId: m.messageId,
          chatId: Number(msg.chat_id),
          text: String(msg.text ?? msg.caption ?? ""),
          buttons: (markup?.inline_keyboard ?? []).map((row) =>
            row.map((b) => ({
              text: b.text,
              data: b.callback_data ?? "",
              ...(b.url ? { url: b.url } : {}),
              ...(b.web_app ? { webApp: b.web_app.url } : {}),
            })),
          ),
          document: msg.document as BotMessage["document"],
          photo: msg.photo as BotMessage["photo"],
          at: m.time,
        };
      });
  }

  // ---- the bot's side ----

  private async route(req: http.IncomingMessage, res: http.ServerResponse, innerApp: http.RequestListener) {
    const match = /^\/bot([^/]+)\/(\w+)/.exec(req.url ?? "");
    const method = match?.[2] ?? "";
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (match?.[1] !== this.token) {
      // the inner emulator answers everything else (getMe, editMessageText, answerCallbackQuery …)
      return innerApp(req, res);
    }
    switch (method) {
      case "getUpdates":
        return json(200, { ok: true, result: await this.getUpdates(await readBody(req)) });
      case "sendMessage":
      case "sendPhoto":
      case "sendDocument": {
        const body = method === "sendMessage" ? await readBody(req) : await readMultipart(req);
        const chatId = Number(body.chat_id);
        const failure = this.failures.get(chatId);
        if (failure?.kind === "blocked") {
          return json(403, {
            ok: false,
            error_code: 403,
            description: "Forbidden: bot was blocked by the user",
          });
        }
        if (failure?.kind === "rate") {
          failure.times = (failure.times ?? 1) - 1;
          if (failure.times <= 0) this.failures.delete(chatId);
          const retry_after = failure.retryAfter ?? 1;
          return json(429, {
            ok: false,
            error_code: 429,
            description: `Too Many Requests: retry after ${retry_after}`,
            parameters: { retry_after },
          });
        }
        const half = () => new Promise((r) => setTimeout(r, this.latencyMs / 2));
        if (this.latencyMs > 0) await half();
        const message = this.inner.addBotMessage(body as never, this.token);
        this.sent.push({ chatId, at: Date.now(), method });
        this.emit("message", chatId);
        if (failure?.kind === "lost") {
          failure.times = (failure.times ?? 1) - 1;
          if (failure.times <= 0) this.failures.delete(chatId);
          req.socket.destroy();
          return;
        }
        if (this.latencyMs > 0) await half();
        return json(200, { ok: true, result: { ...message, document: body.document, photo: body.photo } });
      }
      case "setWebhook": {
        const body = await readBody(req);
        this.webhook = {
          url: String(body.url ?? ""),
          secretToken: body.secret_token ? String(body.secret_token) : null,
        };
        if (!this.webhook.url) this.webhook = null;
        return json(200, { ok: true, result: true, description: "Webhook was set" });
      }
      case "deleteWebhook":
        await readBody(req);
        this.webhook = null;
        return json(200, { ok: true, result: true, description: "Webhook was deleted" });
      case "getWebhookInfo":
        await readBody(req);
        return json(200, {
          ok: true,
          result: { url: this.webhook?.url ?? "", has_custom_certificate: false, pending_update_count: 0 },
        });
      case "setMyCommands":
      case "setChatMenuButton":
      case "deleteMyCommands":
      case "setMyDescription":
        this.setup.push({ method, body: await readBody(req) });
        return json(200, { ok: true, result: true });
      case "editMessageText":
      case "editMessageReplyMarkup": {
        const body = await readBody(req);
        if (method === "editMessageText") this.inner.editMessageText(body as never);
        else this.inner.editMessageReplyMarkup(body as never);
        this.emit("message", Number(body.chat_id));
        return json(200, { ok: true, result: true });
      }
      default:
        return innerApp(req, res);
    }
  }

  private async getUpdates(body: Record<string, unknown>): Promise<Update[]> {
    this.emit("poll");
    const offset = Number(body.offset ?? 0);
    const limit = Math.min(Number(body.limit ?? 100), 100);
    const timeout = Math.min(Number(body.timeout ?? 0), 30);
    // confirmed updates are gone for good, as on Telegram
    if (offset > 0) {
      this.pending = this.pending.filter((u) => u.update_id >= offset);
      if (offset > this.confirmed) {
        this.confirmed = offset;
        this.emit("confirmed");
      }
    }
    if (this.pending.length === 0 && timeout > 0) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.off("update", done);
          resolve();
        };
        const timer = setTimeout(done, timeout * 1000);
        this.once("update", done);
      });
    }
    return this.pending.slice(0, limit);
  }
}

async function readBody(req: http.IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString("utf8");
  if (!raw) return {};
  if ((req.headers["content-type"] ?? "").includes("application/json")) return JSON.parse(raw);
  return Object.fromEntries(new URLSearchParams(raw));
}

/** Multipart bodies (files) are parsed with the platform's own FormData parser. */
async function readMultipart(req: http.IncomingMessage): Promise<Record<string, unknown>> {
  const type = req.headers["content-type"] ?? "";
  if (!type.includes("multipart/form-data")) return readBody(req);
  const form = await new Response(Readable.toWeb(req) as ReadableStream, {
    headers: { "content-type": type },
  }).formData();
  const out: Record<string, unknown> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value === "string") out[key] = key === "reply_markup" ? JSON.parse(value) : value;
    else {
      const file = { fileName: value.name, bytes: value.size };
      if (key === "photo") out.photo = file;
      else out.document = { ...file, content: await value.text() };
    }
  }
  out.text = String(out.caption ?? "");
  return out;
}
