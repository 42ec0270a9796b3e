import { matchAll } from "../../core/matching";
import type { Engine } from "./compute";

/** The exact matching engine with its two baselines (core/matching). */
export const matchingEngine: Engine = matchAll;
