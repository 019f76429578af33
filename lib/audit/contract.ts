import { z } from "zod";
import { iso, isoTimestamp, nextCursor } from "../contract/json";
import { defineOperation } from "../contract/operation";
import { listAuditLog } from "./audit-log";
import { type AuditEntry, auditQuery } from "./schema";

/** The audit log's public contract: who changed what in a workspace, newest first. */

// ---- Output shapes -------------------------------------------------------

export const auditEntryOutput = z.object({
  id: z.string().describe("bigint identity, as text"),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  details: z.unknown().describe("What changed; its fields depend on the action"),
  createdAt: isoTimestamp,
  actor: z
    .object({ id: z.uuid(), email: z.string(), displayName: z.string().nullable() })
    .nullable()
    .describe("Null for changes made by the system"),
});
export type AuditEntryJson = z.infer<typeof auditEntryOutput>;

export const auditPageOutput = z.object({ entries: z.array(auditEntryOutput), nextCursor });
export type AuditPageJson = z.infer<typeof auditPageOutput>;

// ---- Serializers ---------------------------------------------------------

export const serializeAuditEntry = (e: AuditEntry): AuditEntryJson => ({
  id: e.id,
  action: e.action,
  targetType: e.targetType,
  targetId: e.targetId,
  details: e.details,
  createdAt: iso(e.createdAt),
  actor: e.actor && { id: e.actor.id, email: e.actor.email, displayName: e.actor.displayName },
});

// ---- Operations ----------------------------------------------------------

/** Unknown query parameters are refused (a typo should not silently list everything). */
export const auditRequest = auditQuery.strict();

export const listAuditLogOp = defineOperation({
  id: "audit.list",
  method: "get",
  summary: "Read the audit log",
  description: "Newest first; pass `nextCursor` back as `cursor` for older entries.",
  query: auditRequest,
  output: auditPageOutput,
  outputDescription: "A page of audit entries.",
  web: { path: "/audit", role: "admin" },
  async run(scope, { query }) {
    const page = await listAuditLog(scope, query);
    return { entries: page.entries.map(serializeAuditEntry), nextCursor: page.nextCursor };
  },
});

export const auditOperations = [listAuditLogOp];
