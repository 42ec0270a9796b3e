import { Worker } from "node:worker_threads";

/**
 * A worker thread running a TypeScript module. The processes run under tsx, but a worker
 * thread starts without its loader and cannot import a .ts file: an eval stub registers
 * tsx's loader first, then imports the module.
 */
export function typescriptThread(module: URL, workerData: unknown): Worker {
  return new Worker(
    `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(module.href)}); })`,
    { eval: true, workerData },
  );
}
