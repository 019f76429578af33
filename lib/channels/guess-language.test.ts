import { describe, expect, it } from "vitest";
import { guessLanguage, languageOfPhone, languageOfTexts } from "./guess-language";

describe("guessLanguage", () => {
  it("reads the customer's own words first", () => {
    expect(languageOfTexts(["Hola, ¿tienen yerba mate? Quiero una"])).toBe("es");
    expect(languageOfTexts(["Olá, vocês têm erva-mate? Quero uma, obrigado"])).toBe("pt");
    expect(languageOfTexts(["Hi, do you have yerba mate? I want one please"])).toBe("en");
    // The words beat the number: a Brazilian number writing Spanish gets Spanish.
    expect(guessLanguage(["Buenas, ¿cuánto cuesta el envío?"], "5511999990000")).toBe("es");
  });

  it("falls back to the phone's country, then English", () => {
    expect(languageOfTexts([])).toBeNull();
    expect(languageOfTexts(["👍", "12345"])).toBeNull();
    expect(guessLanguage([], "5491123456789")).toBe("es");
    expect(guessLanguage(["ok"], "5511987654321")).toBe("pt");
    expect(guessLanguage([], "351912345678")).toBe("pt");
    expect(guessLanguage([], "+52 1 55 1234 5678")).toBe("es");
    // +1 is shared by English- and Spanish-speaking countries: English.
    expect(guessLanguage([], "15551234567")).toBe("en");
    expect(guessLanguage([], "447700900123")).toBe("en");
    expect(languageOfPhone(undefined)).toBeNull();
  });

  it("a tie says nothing; only the start of the first texts is read", () => {
    expect(languageOfTexts(["hola the"])).toBeNull();
    // Were more than the first 400 characters read, the English words after them would win.
    const huge = `${"hola ".repeat(100)}${"the ".repeat(1_000_000)}`;
    expect(languageOfTexts(Array.from({ length: 1000 }, () => huge))).toBe("es");
    // Only the first 10 texts count: the 11th onwards (English) do not outvote them.
    expect(
      languageOfTexts([
        ...Array.from({ length: 10 }, () => "hola"),
        ...Array.from({ length: 50 }, () => "the"),
      ]),
    ).toBe("es");
  });
});
