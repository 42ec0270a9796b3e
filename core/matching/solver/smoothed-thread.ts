/**
 * The smoothed dual's second thread (smoothed-dual.ts, startHelper): it waits for an
 * evaluation to be published, claims it unless the main thread already has, computes its
 * half of the households into its own share and reports done. A negative sequence ends it.
 */
import { workerData } from "node:worker_threads";
import { CLAIMED, DONE, evaluateRange, type HelperData, PUBLISHED } from "./smoothed-dual";

const { arrays, from, to, share, control, result } = workerData as HelperData;

let seen = 0;
for (;;) {
  Atomics.wait(control, PUBLISHED, seen);
  const sequence = Atomics.load(control, PUBLISHED);
  if (sequence < 0) break;
  seen = sequence;
  if (Atomics.compareExchange(control, CLAIMED, sequence - 1, sequence) !== sequence - 1) continue;
  const part = evaluateRange(arrays, from, to, share);
  result[0] = part.value;
  result[1] = part.placed;
  Atomics.store(control, DONE, sequence);
  Atomics.notify(control, DONE);
}
