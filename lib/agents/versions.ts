import { runAsUser } from "../db/rls";
import { AppError } from "../errors";
import type { WorkspaceScope } from "../workspaces";
import { assertAgentId } from "./agents";
import { toAgentVersion } from "./map";
import type { AgentVersion } from "./schema";

const versionColumns = ["agent_id", "version", "config", "created_by", "created_at"] as const;

/** Newest first. An unknown agent is not_found rather than an empty history. */
export async function listAgentVersions(ctx: WorkspaceScope, id: string): Promise<AgentVersion[]> {
  assertAgentId(id);
  return runAsUser(ctx.claims, async (tx) => {
    const rows = await tx
      .selectFrom("agent_versions")
      .select(versionColumns)
      .where("workspace_id", "=", ctx.workspaceId)
      .where("agent_id", "=", id)
      .orderBy("version", "desc")
      .limit(500)
      .execute();
    // Every agent has at least version 1 (written on insert), so no rows means no agent.
    if (rows.length === 0) throw new AppError("not_found", "Agent not found.");
    return rows.map(toAgentVersion);
  });
}

/** The frozen configuration a message was answered with (messages.agent_version). */
export async function getAgentVersion(
  ctx: WorkspaceScope,
  id: string,
  version: number,
): Promise<AgentVersion> {
  assertAgentId(id);
  if (!Number.isSafeInteger(version) || version < 1 || version > 2_147_483_647) {
    throw new AppError("not_found", "Agent version not found.");
  }
  const row = await runAsUser(ctx.claims, (tx) =>
    tx
      .selectFrom("agent_versions")
      .select(versionColumns)
      .where("workspace_id", "=", ctx.workspaceId)
      .where("agent_id", "=", id)
      .where("version", "=", version)
      .executeTakeFirst(),
  );
  if (!row) throw new AppError("not_found", "Agent version not found.");
  return toAgentVersion(row);
}
