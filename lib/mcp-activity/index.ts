export { flushMcpCalls, type McpCallRecord, recordMcpCall } from "./record";
