/**
 * The smoothed dual's second thread (smoothed-dual.ts, startHelper): it waits for an
 * evaluation to be published, claims it unless the main thread already has, computes its
 * half of the households into its own share and reports done. A negative sequence ends it.
 */
import { workerData } from "node:worker_threads";
import { CLAIMED, DONE, dualArraysFrom, evaluateRange, type HelperData, PUBLISHED } from "./smoothed-dual";

const data = workerData as HelperData;
const arrays = dualArraysFrom(data.arrays);
const share = new Float64Array(data.share);
const control = new Int32Array(data.control);
const result = new Float64Array(data.result);

let seen = 0;
for (;;) {
  Atomics.wait(control, PUBLISHED, seen);
  const sequence = Atomics.load(control, PUBLISHED);
  if (sequence < 0) break;
  seen = sequence;
  if (Atomics.compareExchange(control, CLAIMED, sequence - 1, sequence) !== sequence - 1) continue;
  const part = evaluateRange(arrays, data.from, data.to, share);
  result[0] = part.value;
  result[1] = part.placed;
  Atomics.store(control, DONE, sequence);
  Atomics.notify(control, DONE);
}
