import type { Db } from "../../shared/db";

/** The municipalities people can rank, read from the database and kept for a minute. */
export class MunicipalityDirectory {
  private cache: { at: number; list: { id: string; name: string }[] } | null = null;

  constructor(
    private readonly db: Db,
    private readonly ttlMs = 60_000,
  ) {}

  async list(): Promise<{ id: string; name: string }[]> {
    if (this.cache && Date.now() - this.cache.at < this.ttlMs) return this.cache.list;
    const list = await this.db.municipality.findMany({
      select: { id: true, name: true },
      orderBy: { name: "asc" },
    });
    this.cache = { at: Date.now(), list };
    return list;
  }

  invalidate(): void {
    this.cache = null;
  }
}
