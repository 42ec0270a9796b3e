/**
 * Body of the matching thread (engine.ts): runs the engine on the inputs it was started
 * with, posts progress as { progress } and the comparison as { result }. A throw ends the
 * thread with an error event, which the caller turns into a failed round.
 */
import { parentPort, workerData } from "node:worker_threads";
import { type Household, type MatchingOptions, type Municipality, matchAll } from "../../core/matching";

const input = workerData as {
  households: Household[];
  municipalities: Municipality[];
  options: MatchingOptions;
};
const result = await matchAll(input.households, input.municipalities, input.options, (percent) =>
  parentPort?.postMessage({ progress: percent }),
);
parentPort?.postMessage({ result });
