import { z } from "zod";
import { agentIdSchema, getAgentVersion } from "@/lib/agents";
import { withWorkspace } from "@/lib/http/handler";
import { parseWith } from "@/lib/validation";

const versionSchema = z.coerce.number().int().min(1).max(2_147_483_647);

export const GET = withWorkspace(
  async (ctx) => {
    const id = parseWith(agentIdSchema, ctx.params.id);
    const version = parseWith(versionSchema, ctx.params.version);
    const scope = { claims: ctx.session.claims, workspaceId: ctx.workspace.id };
    return { version: await getAgentVersion(scope, id, version) };
  },
  { role: "viewer" },
);
