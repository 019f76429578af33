import { agentIdSchema, deleteAgent, getAgent, updateAgent, updateAgentInput } from "@/lib/agents";
import { methodsNotAllowed } from "@/lib/http/method-not-allowed";
import { withApiKey } from "@/lib/http/with-api-key";
import { parseWith } from "@/lib/validation";

// Ids from another workspace answer 404 like unknown ones: RLS hides them, so they cannot be probed.

export const GET = withApiKey(
  async (ctx) => ({ agent: await getAgent(ctx.principal.scope, parseWith(agentIdSchema, ctx.params.id)) }),
  { scope: { group: "agents", access: "read" } },
);

/** Answers the saved agent, its version, and whether this save created a new version. */
export const PATCH = withApiKey(
  async (ctx) => {
    const id = parseWith(agentIdSchema, ctx.params.id);
    return updateAgent(ctx.principal.scope, id, await ctx.body(updateAgentInput));
  },
  { scope: { group: "agents", access: "write" } },
);

/** Needs a key whose creator is still an admin: deleting agents is an admin action. */
export const DELETE = withApiKey(
  async (ctx) => {
    await deleteAgent(ctx.principal.scope, parseWith(agentIdSchema, ctx.params.id));
    return { ok: true };
  },
  { scope: { group: "agents", access: "write" } },
);

export const { POST, PUT } = methodsNotAllowed(["GET", "PATCH", "DELETE"]);
