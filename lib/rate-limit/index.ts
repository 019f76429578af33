// Limits shared by every app process: fixed windows counted in Postgres.
export { enforceRateLimits, hitRateLimit, type RateLimitResult, type RateLimitRule } from "./fixed-window";
