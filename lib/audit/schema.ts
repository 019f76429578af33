import { z } from "zod";
import { isBigintText } from "../validation";

export const auditQuery = z.object({
  cursor: z.string().refine(isBigintText, "Invalid cursor.").optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type AuditQuery = z.infer<typeof auditQuery>;

export interface AuditEntry {
  id: string;
  action: string;
  targetType: string;
  targetId: string | null;
  details: unknown;
  createdAt: Date;
  actor: { id: string; email: string; displayName: string | null } | null;
}

export interface AuditPage {
  entries: AuditEntry[];
  /** The last id seen, for the next (older) page; null on the last page. */
  nextCursor: string | null;
}
