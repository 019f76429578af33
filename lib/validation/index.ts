export { type FieldIssue, parseWith, zodIssues } from "./parse";
export { hasNul, isBigintText, isEpochMicrosText, PG_INT_MAX, pgText } from "./pg-values";
