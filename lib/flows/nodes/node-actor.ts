import type { JwtClaims } from "../../db/rls";
import { AppError } from "../../errors";
import type { WorkspaceRole } from "../../workspaces/roles";
import { roleAtLeast } from "../../workspaces/roles";
import type { Json } from "../graph-schema";
import type { NodeContext } from "./define-node";

/**
 * Who a node acts as. Agent turns, catalog calls, conversation changes and
 * provider connections all go through RLS as a person, like an API key acts as
 * its creator: a flow acts as the person who started the run (a manual or test
 * run) or, for unattended runs (webhook, schedule, event), the flow's creator.
 * That person must still be a member (or above) of the workspace: a removed
 * member's or a viewer's flow does nothing rather than act with rights it lost.
 */
export interface NodeActor {
  claims: JwtClaims;
  workspaceId: string;
  workspaceSlug: string;
  role: WorkspaceRole;
}

export async function flowActor(ctx: NodeContext): Promise<NodeActor> {
  const row = await ctx.db
    .selectFrom("flows as f")
    .innerJoin("workspaces as w", "w.id", "f.workspace_id")
    .leftJoin("flow_runs as r", (j) =>
      j
        .on("r.id", "=", ctx.runId)
        .on("r.workspace_id", "=", ctx.workspaceId)
        .on("r.flow_id", "=", ctx.flowId),
    )
    .select(["w.slug", "f.created_by as flowCreator", "r.created_by as runCreator"])
    .where("f.workspace_id", "=", ctx.workspaceId)
    .where("f.id", "=", ctx.flowId)
    .executeTakeFirst();
  if (!row) throw new AppError("not_found", "This flow no longer exists.");
  const userId = row.runCreator ?? row.flowCreator;
  const member = userId
    ? await ctx.db
        .selectFrom("workspace_members as m")
        .innerJoin("auth.users as u", "u.id", "m.user_id")
        .select(["m.role", "u.email"])
        .where("m.workspace_id", "=", ctx.workspaceId)
        .where("m.user_id", "=", userId)
        .executeTakeFirst()
    : undefined;
  if (!userId || !member || !roleAtLeast(member.role, "member")) {
    throw new AppError(
      "forbidden",
      "This flow acts as the person who created it (or started the run), who is no longer a member of this workspace.",
    );
  }
  return {
    claims: { sub: userId, role: "authenticated", ...(member.email ? { email: member.email } : {}) },
    workspaceId: ctx.workspaceId,
    workspaceSlug: row.slug,
    role: member.role,
  };
}

/** Ends the node with the cancel/timeout reason when the engine aborts it. */
export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw abortError(signal);
}

export function abortError(signal: AbortSignal): AppError {
  const timedOut = (signal.reason as { name?: string } | undefined)?.name === "TimeoutError";
  return new AppError("unavailable", timedOut ? "The node timed out." : "The run was canceled.", {
    cause: signal.reason,
  });
}

/** Races work against the node's signal; the work itself is told to stop where it can be. */
export async function untilAborted<T>(signal: AbortSignal, work: Promise<T>): Promise<T> {
  throwIfAborted(signal);
  let onAbort: () => void = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(abortError(signal));
    signal.addEventListener("abort", onAbort, { once: true });
  });
  try {
    return await Promise.race([work, aborted]);
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
}

/**
 * JSON as nodes pass it on: Dates to ISO strings, undefined dropped, and NUL
 * characters (which a model or an MCP server may send, and which jsonb
 * cannot store) replaced, so the engine can commit the result.
 */
export function toJson(value: unknown): Json {
  return withoutNul(JSON.parse(JSON.stringify(value ?? null)) as Json);
}

const NUL = "\u0000";
const clean = (s: string) => (s.includes(NUL) ? s.replaceAll(NUL, "\uFFFD") : s);

function withoutNul(v: Json): Json {
  if (typeof v === "string") return clean(v);
  if (Array.isArray(v)) return v.map(withoutNul);
  if (v && typeof v === "object") {
    const out: { [key: string]: Json } = {};
    for (const [k, x] of Object.entries(v)) out[clean(k)] = withoutNul(x);
    return out;
  }
  return v;
}
