import { z } from "zod";
import { apiKeyScopes } from "../../lib/api-keys";
import { defineTool } from "../registry";

const output = z.object({
  workspace: z.object({ id: z.uuid(), slug: z.string(), name: z.string() }),
  apiKey: z.object({
    id: z.uuid(),
    name: z.string(),
    prefix: z.string(),
    scopes: z.array(z.enum(apiKeyScopes)),
    role: z.string().describe("What the key may do at most: the lower of its role and its creator's"),
  }),
  transport: z.enum(["http", "stdio"]),
});

export const getWorkspaceTool = defineTool({
  name: "get_workspace",
  aliases: ["workspace_info"],
  title: "Workspace info",
  description:
    "The workspace this API key belongs to, and the key's scopes. Every other tool acts on this workspace only.",
  group: null,
  access: "read",
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  input: z.strictObject({}),
  output,
  untrusted: false,
  async run({ principal, transport }) {
    return {
      workspace: principal.workspace,
      apiKey: {
        id: principal.keyId,
        name: principal.keyName,
        prefix: principal.prefix,
        scopes: principal.scopes,
        role: principal.role,
      },
      transport,
    };
  },
});
