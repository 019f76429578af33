import { describe, expect, it } from "vitest";
import { canSendFreeForm, WINDOW_MS } from "./adapter";

describe("the 24-hour customer service window", () => {
  const now = new Date("2026-12-04T12:00:00Z");
  const ago = (ms: number) => ({ lastInboundAt: new Date(now.getTime() - ms) });

  it("is open within 24 hours of the customer's last message, less a minute's margin", () => {
    expect(canSendFreeForm(ago(0), now)).toEqual({ ok: true });
    expect(canSendFreeForm(ago(23 * 3_600_000), now)).toEqual({ ok: true });
    expect(canSendFreeForm(ago(WINDOW_MS - 61_000), now)).toEqual({ ok: true });
    expect(canSendFreeForm(ago(WINDOW_MS - 60_000), now)).toMatchObject({
      ok: false,
      code: "whatsapp_window_closed",
    });
    expect(canSendFreeForm(ago(WINDOW_MS + 1), now)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/more than 24 hours ago.*approved template/),
    });
  });

  it("is closed when the customer never wrote", () => {
    expect(canSendFreeForm({ lastInboundAt: null }, now)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/not written.*template/),
    });
  });
});
