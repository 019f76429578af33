import { describe, expect, it } from "vitest";
import { matchItems } from "./search-match";

const items = [
  { label: "Overview", keywords: "home usage" },
  { label: "API keys", keywords: "tokens" },
  { label: "Providers", keywords: "models keys" },
  { label: "Support bot" },
];
const labels = (q: string) => matchItems(items, q).map((i) => i.label);

describe("search matching", () => {
  it("keeps everything for an empty query", () => {
    expect(labels("  ")).toHaveLength(4);
  });
  it("matches labels and keywords, case-insensitively, every word", () => {
    expect(labels("USAGE")).toEqual(["Overview"]);
    expect(labels("support bot")).toEqual(["Support bot"]);
    expect(labels("support nope")).toEqual([]);
  });
  it("puts labels that start with the query first", () => {
    expect(labels("keys")).toEqual(["API keys", "Providers"]);
    expect(labels("p")[0]).toBe("Providers");
  });
});
