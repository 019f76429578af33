export { listAuditLog } from "./audit-log";
export * from "./schema";
