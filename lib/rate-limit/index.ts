export { enforceRateLimits, hitRateLimit, type RateLimitResult, type RateLimitRule } from "./fixed-window";
