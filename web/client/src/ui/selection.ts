import { useEffect, useState } from "preact/hooks";

/**
 * A choice of rows kept while staff move between pages and filters (the households for a round,
 * the arrivals for an appointment): held for the tab's life in sessionStorage under its own key,
 * so a reload does not lose it. Components that show it re-render when it changes.
 */
export function createSelection(key: string) {
  const stored = () => {
    try {
      return new Set<string>(JSON.parse(sessionStorage.getItem(key) ?? "[]"));
    } catch {
      return new Set<string>();
    }
  };
  let chosen = stored();
  const listeners = new Set<() => void>();
  const changed = () => {
    sessionStorage.setItem(key, JSON.stringify([...chosen]));
    for (const l of listeners) l();
  };
  const selection = {
    has: (id: string) => chosen.has(id),
    ids: () => [...chosen],
    size: () => chosen.size,
    set(ids: string[], on: boolean) {
      chosen = new Set(chosen);
      for (const id of ids) {
        if (on) chosen.add(id);
        else chosen.delete(id);
      }
      changed();
    },
    clear() {
      chosen = new Set();
      changed();
    },
  };
  /** The selection, re-rendering the component when it changes. */
  function useSelection() {
    const [, setTick] = useState(0);
    useEffect(() => {
      const l = () => setTick((n) => n + 1);
      listeners.add(l);
      return () => void listeners.delete(l);
    }, []);
    return selection;
  }
  return { selection, useSelection };
}
