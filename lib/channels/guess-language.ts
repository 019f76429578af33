/**
 * English, Spanish or Portuguese, for the few fixed sentences a channel sends
 * without a model (the answer to a photo or a voice note). From the
 * customer's own recent words when there are some, else from their phone
 * number's country, else English. Words, not regular expressions over the
 * text: each text is cut to a fixed length and split once, so the time spent
 * is bounded whatever a customer sends.
 */

export type Language = "en" | "es" | "pt";

const MAX_CHARS = 400;
const MAX_TEXTS = 10;

// Words frequent in one of the three and rare in the other two (accents folded).
const WORDS: Record<Language, Set<string>> = {
  en: new Set(
    "the and is are you your to hello hi have has do does what thanks thank please want can my with this that it for of i".split(
      " ",
    ),
  ),
  es: new Set(
    "el la los las y hola gracias tienen tiene quiero necesito por con una un es son hay buenos buenas usted pero muy donde cuanto cuesta precio envio".split(
      " ",
    ),
  ),
  pt: new Set(
    "o os e do da dos das em um uma ola oi obrigado obrigada voce nao tem quero preciso com bom boa mas muito onde quanto custa preco frete".split(
      " ",
    ),
  ),
};

// Calling codes whose countries speak Spanish or Portuguese (E.164 without the +). +1 is left out:
// it is shared by the US, Canada and several Spanish-speaking Caribbean numbers.
const SPANISH_CODES = [
  "34",
  "51",
  "52",
  "53",
  "54",
  "56",
  "57",
  "58",
  "240",
  "502",
  "503",
  "504",
  "505",
  "506",
  "507",
  "591",
  "593",
  "595",
  "598",
];
const PORTUGUESE_CODES = ["55", "238", "239", "244", "245", "258", "351", "670"];

function words(text: string): string[] {
  return text
    .slice(0, MAX_CHARS)
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter(Boolean);
}

/** The language of these texts (the customer's, newest first), or null when they do not say. */
export function languageOfTexts(texts: readonly string[]): Language | null {
  const score: Record<Language, number> = { en: 0, es: 0, pt: 0 };
  for (const text of texts.slice(0, MAX_TEXTS)) {
    for (const w of words(text)) {
      for (const lang of ["en", "es", "pt"] as const) if (WORDS[lang].has(w)) score[lang]++;
    }
  }
  const ranked = (Object.entries(score) as [Language, number][]).sort((a, b) => b[1] - a[1]);
  const [first, second] = ranked;
  if (!first || first[1] === 0 || first[1] === second?.[1]) return null;
  return first[0];
}

/** The language of a phone number's country (digits, country code first, as WhatsApp's wa_id). */
export function languageOfPhone(phone: string | null | undefined): Language | null {
  const digits = (phone ?? "").replace(/\D/g, "").slice(0, 20);
  if (!digits) return null;
  if (PORTUGUESE_CODES.some((c) => digits.startsWith(c))) return "pt";
  if (SPANISH_CODES.some((c) => digits.startsWith(c))) return "es";
  return null;
}

export function guessLanguage(texts: readonly string[], phone?: string | null): Language {
  return languageOfTexts(texts) ?? languageOfPhone(phone) ?? "en";
}
