"use client";

import { useCallback, useState } from "react";

const LIMIT = 100;

interface History<T> {
  past: T[];
  present: T;
  future: T[];
}

/**
 * Undo/redo over immutable snapshots. `set(v, {record:false})` replaces the
 * present without an undo step (a drag in progress records once, at its start).
 */
export function useHistory<T>(initial: T) {
  const [h, setH] = useState<History<T>>({ past: [], present: initial, future: [] });
  const set = useCallback((next: T | ((prev: T) => T), opts: { record?: boolean } = {}) => {
    setH((cur) => {
      const value = typeof next === "function" ? (next as (p: T) => T)(cur.present) : next;
      if (value === cur.present) return cur;
      if (opts.record === false) return { ...cur, present: value };
      return { past: [...cur.past, cur.present].slice(-LIMIT), present: value, future: [] };
    });
  }, []);
  /** Records the present as an undo step without changing it (the start of a drag). */
  const checkpoint = useCallback(() => {
    setH((cur) => ({ past: [...cur.past, cur.present].slice(-LIMIT), present: cur.present, future: [] }));
  }, []);
  const undo = useCallback(() => {
    setH((cur) => {
      const prev = cur.past.at(-1);
      if (prev === undefined) return cur;
      return { past: cur.past.slice(0, -1), present: prev, future: [cur.present, ...cur.future] };
    });
  }, []);
  const redo = useCallback(() => {
    setH((cur) => {
      const [next, ...rest] = cur.future;
      if (next === undefined) return cur;
      return { past: [...cur.past, cur.present], present: next, future: rest };
    });
  }, []);
  const reset = useCallback((value: T) => setH({ past: [], present: value, future: [] }), []);
  return {
    value: h.present,
    set,
    checkpoint,
    undo,
    redo,
    reset,
    canUndo: h.past.length > 0,
    canRedo: h.future.length > 0,
  };
}
