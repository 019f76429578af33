import { enforceRateLimits, type RateLimitRule } from "../../rate-limit";

/**
 * The widget's public endpoints are reachable by anyone with the page's public
 * key, so every one is limited per visitor (the token's visitor) and per IP
 * (many visitors minted from one address). Counted in Postgres, shared by every
 * app process. A visitor types far slower than these; a script does not.
 */
export const WIDGET_LIMITS = {
  /** Messages a visitor may send per minute, and from one IP across visitors. */
  sendPerVisitor: 12,
  sendPerIp: 60,
  /** Session calls (new and renewed visitors) per IP per minute. */
  sessionsPerIp: 30,
  /** History and live-update reconnects per visitor per minute. */
  readsPerVisitor: 120,
  /** Live-update streams one visitor may hold open in one process. */
  streamsPerVisitor: 3,
} as const;

const rule = (key: string, max: number): RateLimitRule => ({ key, max, windowSeconds: 60 });

export function limitSend(inboxId: string, visitorId: string, ip: string | undefined) {
  return enforceRateLimits([
    rule(`widget-send:visitor:${inboxId}:${visitorId}`, WIDGET_LIMITS.sendPerVisitor),
    rule(`widget-send:ip:${ip ?? "unknown"}`, WIDGET_LIMITS.sendPerIp),
  ]);
}

export function limitSession(ip: string | undefined) {
  return enforceRateLimits([rule(`widget-session:ip:${ip ?? "unknown"}`, WIDGET_LIMITS.sessionsPerIp)]);
}

export function limitRead(inboxId: string, visitorId: string) {
  return enforceRateLimits([
    rule(`widget-read:visitor:${inboxId}:${visitorId}`, WIDGET_LIMITS.readsPerVisitor),
  ]);
}
