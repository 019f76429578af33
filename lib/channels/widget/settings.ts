import { z } from "zod";

/**
 * A widget inbox's settings as the widget reads them (inboxes.settings, non-secret).
 * Read leniently: a bad colour or an origin that is not one falls back or is
 * dropped rather than breaking the widget on every site that embeds it.
 */
export interface WidgetSettings {
  /** Exact origins (scheme://host[:port]) allowed to embed the widget and call its API. */
  allowedOrigins: string[];
  title: string;
  welcome: string | null;
  /** A #rrggbb colour for the launcher and the visitor's bubbles. */
  color: string;
}

export const DEFAULT_WIDGET_COLOR = "#2563eb";
const HEX = /^#[0-9a-fA-F]{6}$/;

/** `https://shop.example` from `https://shop.example/` or `HTTPS://Shop.Example:443`; null if not an http(s) origin. */
export function normalizeOrigin(value: string): string | null {
  if (typeof value !== "string" || value.length > 300) return null;
  try {
    const url = new URL(value.trim());
    if (url.protocol !== "https:" && url.protocol !== "http:") return null;
    if (url.username || url.password) return null;
    return url.origin;
  } catch {
    return null;
  }
}

const raw = z
  .object({
    allowedOrigins: z.array(z.unknown()).max(100).catch([]),
    title: z.string().catch(""),
    welcome: z.string().nullish().catch(null),
    color: z.string().catch(""),
  })
  .partial();

export function readWidgetSettings(value: unknown): WidgetSettings {
  const parsed = raw.safeParse(value ?? {});
  const s = parsed.success ? parsed.data : {};
  const origins = (s.allowedOrigins ?? [])
    .map((o) => (typeof o === "string" ? normalizeOrigin(o) : null))
    .filter((o): o is string => o !== null);
  const title = (s.title ?? "").trim().slice(0, 80);
  const welcome = (s.welcome ?? "").trim().slice(0, 500);
  return {
    allowedOrigins: [...new Set(origins)],
    title: title || "Chat with us",
    welcome: welcome || null,
    color: s.color && HEX.test(s.color) ? s.color.toLowerCase() : DEFAULT_WIDGET_COLOR,
  };
}

/** The text colour readable on `color` (WCAG relative luminance; black or white). */
export function contrastText(color: string): "#000000" | "#ffffff" {
  const channel = (i: number) => {
    const c = Number.parseInt(color.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const l = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  // White wins when its contrast ratio is the higher of the two.
  return 1.05 / (l + 0.05) >= (l + 0.05) / 0.05 ? "#ffffff" : "#000000";
}
