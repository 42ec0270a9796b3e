import pino from "pino";

/**
 * Structured logs without personal data: log internal ids, update types, counts and timings;
 * never message texts, answers, names, phone numbers or Telegram ids. The redaction list is a
 * safety net for mistakes, not a licence to log such fields.
 */
export function createLogger(name: string, level = process.env.LOG_LEVEL ?? "info") {
  return pino({
    name,
    level,
    redact: {
      paths: [
        "text",
        "*.text",
        "answers",
        "*.answers",
        "phone",
        "*.phone",
        "telegramId",
        "*.telegramId",
        "chatId",
      ],
      censor: "[redacted]",
    },
  });
}

export type Logger = ReturnType<typeof createLogger>;
