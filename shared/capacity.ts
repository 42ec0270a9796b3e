import { type Capacity, capacitySchema, DIMENSIONS, zeroCapacity } from "../core/matching/model";

/** A stored capacity JSON as a full Capacity (missing dimensions are 0). */
export function capacityOf(value: unknown): Capacity {
  return capacitySchema.parse({ ...zeroCapacity(), ...(value as object) });
}

/** What is still free: capacity minus what accepted offers took. */
export function remainingOf(row: { capacity: unknown; taken: unknown }): Capacity {
  const capacity = capacityOf(row.capacity);
  const taken = capacityOf(row.taken);
  return Object.fromEntries(DIMENSIONS.map((d) => [d, Math.max(0, capacity[d] - taken[d])])) as Capacity;
}

/** Adds a household's demand to what is taken; null when any dimension would exceed capacity. */
export function take(row: { capacity: unknown; taken: unknown }, demand: Capacity): Capacity | null {
  const capacity = capacityOf(row.capacity);
  const taken = capacityOf(row.taken);
  const next = Object.fromEntries(DIMENSIONS.map((d) => [d, taken[d] + demand[d]])) as Capacity;
  return DIMENSIONS.every((d) => next[d] <= capacity[d]) ? next : null;
}
