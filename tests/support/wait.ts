/**
 * Waits until `probe` gives a truthy value and returns it; polls every 100 ms. On timeout it
 * throws, naming what it waited for and, when given, the last lines a process printed.
 */
export async function eventually<T>(
  probe: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  options: { timeoutMs?: number; what?: string; log?: () => string[] | undefined } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) {
      const log = options.log?.()?.join("\n");
      throw new Error(
        `timed out waiting${options.what ? ` for ${options.what}` : ""}${log ? `\n${log}` : ""}`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
