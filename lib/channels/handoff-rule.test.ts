import { describe, expect, it } from "vitest";
import { asksForHuman } from "./handoff-rule";

describe("asksForHuman", () => {
  it.each([
    "I want to talk to a human",
    "human",
    "Can I speak with a real person please?",
    "Quiero hablar con un asesor",
    "un asesor por favor",
    "Necesito una persona",
    "Quero falar com um atendente",
    "atendente",
    "HUMANO!!",
  ])("asks: %s", (text) => expect(asksForHuman(text)).toBe(true));

  it.each([
    "Do you have red shoes in size 38?",
    "Is this cream good for a person with dry skin in winter?",
    "¿Cuánto cuesta el envío a Córdoba?",
    "",
    "The agent said my order shipped yesterday, where is it now?",
  ])("does not ask: %s", (text) => expect(asksForHuman(text)).toBe(false));

  it("looks at a bounded prefix of a huge message", () => {
    const huge = `${"a ".repeat(1_000_000)}human please`;
    const t = performance.now();
    expect(asksForHuman(huge)).toBe(false);
    expect(performance.now() - t).toBeLessThan(50);
  });
});
