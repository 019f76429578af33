export { listMcpCalls, summarizeMcpCalls } from "./list";
export { flushMcpCalls, type McpCallRecord, recordMcpCall } from "./record";
export * from "./schema";
