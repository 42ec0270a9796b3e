import { Redis } from "ioredis";

/** One ioredis connection; BullMQ workers need maxRetriesPerRequest: null. */
export function createRedis(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, lazyConnect: false });
}
