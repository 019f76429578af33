import { describe, expect, it } from "vitest";
import { addHistograms, histogramQuantile } from "./histogram";

describe("TTFT histogram", () => {
  it("reads quantiles as bucket upper bounds", () => {
    const h = new Array(15).fill(0);
    h[1] = 50; // <=200 ms
    h[3] = 45; // <=500 ms
    h[8] = 5; // <=3000 ms
    expect(histogramQuantile(h, 0.5)).toBe(200);
    expect(histogramQuantile(h, 0.95)).toBe(500);
    expect(histogramQuantile(h, 0.99)).toBe(3000);
    expect(histogramQuantile(new Array(15).fill(0), 0.5)).toBeNull();
  });

  it("adds element-wise and caps the open bucket at the last bound", () => {
    const a = [1, 0, 2];
    expect(addHistograms(a, [0, 3])).toEqual([1, 3, 2]);
    const open = new Array(15).fill(0);
    open[14] = 1;
    expect(histogramQuantile(open, 0.5)).toBe(60000);
  });
});
