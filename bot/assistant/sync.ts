// Every bot process uses an entry staff added or changed on any other process within seconds:
// PostgreSQL is the truth, and each process polls KnowledgeEntry for rows whose updatedAt is newer
// than the newest it has (one indexed query every `intervalMs`). Rows are re-read a little before
// the watermark, because a transaction that started earlier may commit later; a row already
// seen with the same updatedAt is skipped. A row that fails validation is logged and skipped,
// never fatal for a running bot.

import type { Assistant } from "../../core/assistant";
import { KnowledgeBaseError, parseEntry } from "../../core/assistant";
import type { Db } from "../../shared/db";
import type { Logger } from "../../shared/logger";

/** How far before the watermark each poll looks again (commit order ≠ timestamp order). */
const OVERLAP_MS = 5_000;

interface Row {
  id: string;
  entry: unknown;
  updatedAt: Date;
}

export class KnowledgeSync {
  private readonly versions = new Map<string, number>();
  private watermark = 0;
  private timer: NodeJS.Timeout | null = null;
  private polling: Promise<void> | null = null;

  constructor(
    private readonly db: Db,
    private readonly assistant: Assistant,
  ) {}

  /** Rows already in the assistant (loaded at start, or just written by this process). */
  seen(rows: { id: string; updatedAt: Date }[]): void {
    for (const row of rows) {
      this.versions.set(row.id, row.updatedAt.getTime());
      this.watermark = Math.max(this.watermark, row.updatedAt.getTime());
    }
  }

  /** Reads the rows changed since the watermark into the assistant. Returns how many changed. */
  async poll(logger?: Logger): Promise<number> {
    const rows: Row[] = await this.db.knowledgeEntry.findMany({
      where: { updatedAt: { gt: new Date(this.watermark - OVERLAP_MS) } },
      select: { id: true, entry: true, updatedAt: true },
      orderBy: { updatedAt: "asc" },
    });
    let changed = 0;
    for (const row of rows) {
      if (this.versions.get(row.id) === row.updatedAt.getTime()) continue;
      try {
        this.assistant.addEntry(parseEntry(row.entry, `KnowledgeEntry ${row.id}`));
        changed++;
      } catch (error) {
        if (!(error instanceof KnowledgeBaseError)) throw error;
        logger?.warn({ event: "knowledge.sync-invalid", entryId: row.id }, "stored entry skipped");
      }
      this.seen([row]);
    }
    return changed;
  }

  start(intervalMs: number, logger: Logger): void {
    this.timer = setInterval(() => {
      if (this.polling) return;
      this.polling = this.poll(logger)
        .then((changed) => {
          if (changed > 0) logger.info({ event: "knowledge.synced", changed }, "knowledge entries updated");
        })
        .catch((error: Error) =>
          logger.warn({ event: "knowledge.sync-failed", error: error.message }, "poll failed"),
        )
        .finally(() => {
          this.polling = null;
        });
    }, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.polling;
  }
}
