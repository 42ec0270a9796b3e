import type { BotMessage, TelegramEmulator } from "./telegram-emulator";

export interface TranscriptLine {
  who: string;
  text: string;
  buttons?: string[];
}

/**
 * Message ids go on per chat, also across EmulatedUser objects for the same person, as on Telegram
 * (the bot may key rows on chat × message id). The texts are kept so a tap on a bot message that
 * replied to one of them carries `reply_to_message`, as Telegram's callback queries do.
 */
const nextIds = new WeakMap<TelegramEmulator, Map<number, number>>();
const sentTexts = new WeakMap<TelegramEmulator, Map<string, string>>();

function mapOf<K, V>(store: WeakMap<TelegramEmulator, Map<K, V>>, e: TelegramEmulator): Map<K, V> {
  let map = store.get(e);
  if (!map) {
    map = new Map();
    store.set(e, map);
  }
  return map;
}

/**
 * A scripted person talking to the bot through the emulator. Every action waits until the bot
 * has handled it and returns the bot's new messages, so scripts and tests read top to bottom.
 */
export class EmulatedUser {
  private seen = 0;
  readonly transcript: TranscriptLine[] = [];

  constructor(
    readonly emulator: TelegramEmulator,
    readonly id: number,
    readonly name: string,
    readonly languageCode = "uk",
    readonly chatType: "private" | "group" = "private",
  ) {
    this.seen = emulator.messages(id).length;
  }

  private get messageId(): number {
    return nextIds.get(this.emulator)?.get(this.id) ?? 1;
  }

  private set messageId(value: number) {
    mapOf(nextIds, this.emulator).set(this.id, value);
  }

  private get chat() {
    return this.chatType === "private"
      ? { id: this.id, type: "private", first_name: this.name }
      : { id: this.id, type: "group", title: "Family group" };
  }

  private get from() {
    return { id: this.id, is_bot: false, first_name: this.name, language_code: this.languageCode };
  }

  private message(extra: Record<string, unknown>) {
    if (typeof extra.text === "string") {
      mapOf(sentTexts, this.emulator).set(`${this.id}:${this.messageId}`, extra.text);
    }
    return {
      message_id: this.messageId++,
      date: Math.floor(Date.now() / 1000),
      chat: this.chat,
      from: this.from,
      ...extra,
    };
  }

  /** the update id of this person's last action */
  lastUpdateId = 0;

  /** Sends an update and waits until the bot has handled it. */
  async send(update: Record<string, unknown>, shown: string, wait = true): Promise<BotMessage[]> {
    this.transcript.push({ who: this.name, text: shown });
    const id = this.emulator.push(update);
    this.lastUpdateId = id;
    if (!wait) return [];
    await this.emulator.handled(id);
    return this.read();
  }

  /** Sends without waiting (a burst, or while the bot is down). Returns the update id. */
  sendLater(text: string): number {
    this.transcript.push({ who: this.name, text });
    return this.emulator.push({ message: this.message(this.entities(text)) });
  }

  private entities(text: string) {
    const command = /^\/\w+/.exec(text);
    return command
      ? { text, entities: [{ type: "bot_command", offset: 0, length: command[0].length }] }
      : { text };
  }

  say(text: string): Promise<BotMessage[]> {
    return this.send({ message: this.message(this.entities(text)) }, text);
  }

  /** Replies to a bot message (Telegram's reply_to_message), e.g. staff answering a question. */
  replyTo(to: BotMessage, text: string): Promise<BotMessage[]> {
    const reply_to_message = {
      message_id: to.messageId,
      date: Math.floor(to.at / 1000),
      chat: this.chat,
      from: { id: 1, is_bot: true, first_name: "Re:Match" },
      text: to.text,
    };
    return this.send({ message: this.message({ text, reply_to_message }) }, `↩️ ${text}`);
  }

  /** The person's own message the bot's message replied to, as Telegram puts it in callback queries. */
  private repliedTo(botMessageId: number) {
    const raw = this.emulator.inner.storage.botMessages.find((b) => b.messageId === botMessageId)?.message as
      | { reply_parameters?: { message_id?: number }; reply_to_message_id?: number }
      | undefined;
    const id = raw?.reply_parameters?.message_id ?? raw?.reply_to_message_id;
    const text = id === undefined ? undefined : sentTexts.get(this.emulator)?.get(`${this.id}:${id}`);
    if (id === undefined || text === undefined) return {};
    return { reply_to_message: { message_id: id, date: 0, chat: this.chat, from: this.from, text } };
  }

  sticker(): Promise<BotMessage[]> {
    const sticker = {
      file_id: "sticker-1",
      file_unique_id: "s1",
      type: "regular",
      width: 512,
      height: 512,
      is_animated: false,
      is_video: false,
      emoji: "👍",
    };
    return this.send({ message: this.message({ sticker }) }, "[sticker 👍]");
  }

  voice(): Promise<BotMessage[]> {
    return this.send(
      { message: this.message({ voice: { file_id: "v1", file_unique_id: "v1", duration: 4 } }) },
      "[voice message]",
    );
  }

  photo(): Promise<BotMessage[]> {
    const size = { file_id: "p1", file_unique_id: "p1", width: 90, height: 90 };
    return this.send({ message: this.message({ photo: [size] }) }, "[photo]");
  }

  editLast(text: string): Promise<BotMessage[]> {
    const edited = {
      ...this.message({ text }),
      message_id: this.messageId - 2,
      edit_date: Math.floor(Date.now() / 1000),
    };
    return this.send({ edited_message: edited }, `[edits an earlier message: ${text}]`);
  }

  /** Taps the button whose text matches, on the newest bot message that has one (or on `message`). */
  async tap(label: string | RegExp, message?: BotMessage, wait = true): Promise<BotMessage[]> {
    const candidates = message ? [message] : this.emulator.messages(this.id).reverse();
    // a string matches a button's whole text, with or without a leading mark (✅, ✓, ✏️ …)
    const matches = (text: string) =>
      typeof label === "string"
        ? text === label || text.replace(/^[^\p{L}\p{N}]+/u, "") === label
        : label.test(text);
    for (const m of candidates) {
      const button = m.buttons.flat().find((b) => matches(b.text));
      if (!button) continue;
      const callback_query = {
        id: `${this.id}-${Date.now()}-${Math.random()}`,
        from: this.from,
        chat_instance: String(this.id),
        data: button.data,
        message: {
          message_id: m.messageId,
          date: Math.floor(m.at / 1000),
          chat: this.chat,
          text: m.text,
          reply_markup: {
            inline_keyboard: m.buttons.map((row) =>
              row.map((b) => ({ text: b.text, callback_data: b.data })),
            ),
          },
          ...this.repliedTo(m.messageId),
        },
      };
      return this.send({ callback_query }, `[taps “${button.text}”]`, wait);
    }
    const last = this.emulator.messages(this.id).at(-1);
    throw new Error(
      `no button matching ${label}; last message: ${last?.text}\n${JSON.stringify(last?.buttons)}`,
    );
  }

  /** The bot's messages since the last read (new ones; edited ones appear in their new form). */
  read(): BotMessage[] {
    const all = this.emulator.messages(this.id);
    const fresh = all.slice(this.seen);
    this.seen = all.length;
    for (const m of fresh) {
      const buttons = m.buttons.flat().map((b) => b.text);
      const file = m.document ?? m.photo;
      const text = file ? `${m.text}\n📎 ${file.fileName}` : m.text;
      this.transcript.push({ who: "bot", text, buttons: buttons.length > 0 ? buttons : undefined });
    }
    return fresh;
  }

  last(): BotMessage | undefined {
    return this.emulator.messages(this.id).at(-1);
  }

  /** Every text the bot sent to this person, joined: for `toContain` checks. */
  allText(): string {
    return this.emulator
      .messages(this.id)
      .map((m) => m.text)
      .join("\n---\n");
  }
}

export function formatTranscript(lines: TranscriptLine[], botName = "🤖 Re:Match"): string {
  return lines
    .map((l) => {
      const who = l.who === "bot" ? botName : `🧑 ${l.who}`;
      const text = l.text
        .split("\n")
        .map((x, i) => (i === 0 ? x : `    ${x}`))
        .join("\n");
      const buttons = l.buttons ? `\n    ${l.buttons.map((b) => `[${b}]`).join(" ")}` : "";
      return `${who}: ${text}${buttons}`;
    })
    .join("\n");
}
