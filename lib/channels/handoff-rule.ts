/**
 * "The customer asks for a person", in English, Spanish and Portuguese. Words,
 * not regular expressions: the text is cut to a fixed length and split once,
 * so the time spent is bounded whatever a customer sends.
 */

const MAX_CHARS = 400;

/** Who the customer asks for. */
const PERSON = new Set([
  "human",
  "humans",
  "person",
  "people",
  "agent",
  "operator",
  "representative",
  "someone",
  "humano",
  "humana",
  "persona",
  "asesor",
  "asesora",
  "agente",
  "operador",
  "operadora",
  "ejecutivo",
  "pessoa",
  "atendente",
  "humanos",
]);

/** A request or a need: "talk", "speak", "hablar", "falar", "quiero", "want"... */
const ASK = new Set([
  "talk",
  "speak",
  "chat",
  "connect",
  "transfer",
  "want",
  "need",
  "real",
  "live",
  "please",
  "hablar",
  "habla",
  "comunicar",
  "comunicarme",
  "quiero",
  "necesito",
  "pasame",
  "pasar",
  "real",
  "favor",
  "falar",
  "quero",
  "preciso",
  "chamar",
  "transferir",
  "falo",
]);

/** Short messages ("human", "un asesor por favor") count without a verb. */
const SHORT_WORDS = 3;

export function asksForHuman(text: string): boolean {
  const words = text
    .slice(0, MAX_CHARS)
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter(Boolean);
  if (!words.some((w) => PERSON.has(w))) return false;
  return words.length <= SHORT_WORDS || words.some((w) => ASK.has(w));
}
