import { createAgent, createAgentInput, listAgents } from "@/lib/agents";
import { methodsNotAllowed } from "@/lib/http/method-not-allowed";
import { json } from "@/lib/http/respond";
import { withApiKey } from "@/lib/http/with-api-key";

export const GET = withApiKey(async (ctx) => ({ agents: await listAgents(ctx.principal.scope) }), {
  scope: { group: "agents", access: "read" },
});

/** Body: createAgentInput (name required; the type's preset fills instructions and tools). */
export const POST = withApiKey(
  async (ctx) => {
    const input = await ctx.body(createAgentInput);
    return json({ agent: await createAgent(ctx.principal.scope, input) }, 201);
  },
  { scope: { group: "agents", access: "write" } },
);

export const { PUT, PATCH, DELETE } = methodsNotAllowed(["GET", "POST"]);
