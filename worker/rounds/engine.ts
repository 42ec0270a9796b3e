import type { MatchingComparison } from "../../core/matching";
import { typescriptThread } from "../../core/thread";
import type { Engine } from "./compute";

/**
 * The matching engine with its two baselines (core/matching), in a thread of its own: a
 * national round computes for about a minute, and on the worker's main thread that would
 * freeze its event loop — no progress edits for the caseworker, no deliveries, and BullMQ
 * locks left to expire. Same input, same result: the thread runs the same pure code.
 */
export const matchingEngine: Engine = (households, municipalities, options, onProgress) =>
  new Promise<MatchingComparison>((resolve, reject) => {
    const thread = typescriptThread(new URL("./engine-thread.ts", import.meta.url), {
      households,
      municipalities,
      options,
    });
    let settled = false;
    thread.on("message", (message: { progress?: number; result?: MatchingComparison }) => {
      if (message.progress !== undefined) onProgress?.(message.progress);
      if (message.result !== undefined) {
        settled = true;
        resolve(message.result);
      }
    });
    thread.once("error", (error) => {
      settled = true;
      reject(error);
    });
    thread.once("exit", (code) => {
      if (!settled) reject(new Error(`the matching thread stopped (exit code ${code})`));
    });
  });
