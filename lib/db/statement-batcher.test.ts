import { describe, expect, it } from "vitest";
import { statementBatcher } from "./statement-batcher";

const tick = () => new Promise((r) => setTimeout(r, 5));

describe("statementBatcher", () => {
  it("sends a lone call at once, and calls that arrive meanwhile together", async () => {
    const batches: number[][] = [];
    const call = statementBatcher(
      async (items: number[]) => {
        batches.push(items);
        await tick();
        return items.map((n) => n * 10);
      },
      { maxBatch: 3, maxInFlight: 1 },
    );
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => call(n)));
    expect(results).toEqual([10, 20, 30, 40, 50]);
    // The first went alone; the four that queued behind it went as batches of at most 3.
    expect(batches).toEqual([[1], [2, 3, 4], [5]]);
    expect(await call(6)).toBe(60);
  });

  it("keeps at most maxInFlight batches going", async () => {
    let inFlight = 0;
    let most = 0;
    const call = statementBatcher(
      async (items: number[]) => {
        most = Math.max(most, ++inFlight);
        await tick();
        inFlight--;
        return items;
      },
      { maxBatch: 2, maxInFlight: 2 },
    );
    await Promise.all(Array.from({ length: 20 }, (_, i) => call(i)));
    expect(most).toBe(2);
  });

  it("a failing batch is retried item by item: only the bad item's caller fails", async () => {
    const call = statementBatcher(
      async (items: number[]) => {
        await tick();
        if (items.includes(13)) throw new Error("bad item");
        return items;
      },
      { maxBatch: 10, maxInFlight: 1 },
    );
    const first = call(0);
    const rest = [11, 12, 13, 14].map((n) =>
      call(n).then(
        (v) => ({ ok: v }),
        (e: Error) => ({ err: e.message }),
      ),
    );
    await first;
    expect(await Promise.all(rest)).toEqual([{ ok: 11 }, { ok: 12 }, { err: "bad item" }, { ok: 14 }]);
  });

  it("a flush that answers the wrong number of results fails its callers rather than mismatching them", async () => {
    const call = statementBatcher(async (_items: number[]) => [1, 2, 3], { maxBatch: 5, maxInFlight: 1 });
    await expect(call(1)).rejects.toThrow(/answered 3 of 1/);
  });
});
