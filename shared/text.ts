/** Splits long text into Telegram-sized messages (limit 4096 characters), at block boundaries. */
export function chunk(blocks: string[], limit = 3500): string[] {
  const out: string[] = [];
  let current = "";
  for (const block of blocks) {
    if (current && current.length + block.length + 2 > limit) {
      out.push(current);
      current = "";
    }
    current = current ? `${current}\n\n${block}` : block.slice(0, limit);
  }
  if (current) out.push(current);
  return out;
}
