import { describe, expect, it } from "vitest";
import { isNotice, noticeParts, withoutTrailingNotices } from "./notice";

const user = (text: string) => ({ role: "user" as const, parts: [{ type: "text" as const, text }] });
const said = (text: string) => ({ role: "assistant" as const, parts: [{ type: "text" as const, text }] });
const notice = (text: string) => ({ role: "assistant" as const, parts: noticeParts(text, "media") });

describe("channel notices", () => {
  it("are told apart from answers by their part's marker", () => {
    expect(isNotice(noticeParts("I can only read text", "media"))).toBe(true);
    expect(isNotice(said("hello").parts)).toBe(false);
    expect(isNotice([])).toBe(false);
    expect(isNotice([{ type: "text", text: "x", providerMetadata: { switchboard: { flow: "k" } } }])).toBe(
      false,
    );
  });

  it("after the customer's last words are left out of the history a reply is written from", () => {
    const h = [user("hi"), said("hello"), user("price?"), user("[image]"), notice("I can only read text")];
    expect(withoutTrailingNotices(h)).toEqual(h.slice(0, 4));
    expect(withoutTrailingNotices([...h, notice("again")])).toEqual(h.slice(0, 4));
  });

  it("stay where the customer wrote after them, and answers are never dropped", () => {
    const h = [user("[image]"), notice("I can only read text"), user("ok: price?")];
    expect(withoutTrailingNotices(h)).toBe(h);
    const answered = [user("hi"), said("hello")];
    expect(withoutTrailingNotices(answered)).toBe(answered);
    expect(withoutTrailingNotices([])).toEqual([]);
  });
});
