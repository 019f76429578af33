import { z } from "zod";
import { pgText } from "../validation";

export const INTEGRATION_AUTH_TYPES = ["none", "bearer", "header"] as const;
export type IntegrationAuthType = (typeof INTEGRATION_AUTH_TYPES)[number];

export const integrationIdSchema = z.uuid({ message: "Not a valid integration id." });
export const agentIdParamSchema = z.uuid({ message: "Not a valid agent id." });

const nameSchema = pgText().trim().min(1, "Give the integration a name.").max(80);

const urlSchema = z
  .string()
  .trim()
  .max(2048, "Use at most 2048 characters.")
  .pipe(z.url({ protocol: /^https?$/, message: "Enter the server's http:// or https:// MCP endpoint." }));

// Headers the transport sets itself, or that would change how the request is
// routed or framed: a credential may not pose as one of them.
const RESERVED_HEADERS = new Set([
  "accept",
  "connection",
  "content-length",
  "content-type",
  "host",
  "keep-alive",
  "last-event-id",
  "mcp-protocol-version",
  "mcp-session-id",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);

const headerNameSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/, "Use a header name such as X-API-Key (letters, digits, -).")
  .refine((h) => !RESERVED_HEADERS.has(h.toLowerCase()) && !h.toLowerCase().startsWith("proxy-"), {
    message: "That header is set by the connection itself; choose another.",
  });

// Sent as an HTTP header value: printable ASCII only, so it can never split a header.
const secretSchema = z
  .string()
  .trim()
  .min(1, "Enter the token or key.")
  .max(4096, "Use at most 4096 characters.")
  .regex(/^[\x20-\x7E]+$/, "Use printable ASCII characters only (no line breaks).");

const timeoutSchema = z.number().int().min(1000, "At least 1000 ms.").max(120_000, "At most 120000 ms.");

export const createIntegrationInput = z
  .object({
    name: nameSchema,
    url: urlSchema,
    authType: z.enum(INTEGRATION_AUTH_TYPES).default("none"),
    authHeaderName: headerNameSchema.optional(),
    secret: secretSchema.optional(),
    timeoutMs: timeoutSchema.optional(),
    enabled: z.boolean().optional(),
  })
  .superRefine((v, ctx) => {
    if (v.authType !== "none" && !v.secret) {
      ctx.addIssue({ code: "custom", path: ["secret"], message: "This auth type needs a token or key." });
    }
    if (v.authType === "none" && v.secret) {
      ctx.addIssue({ code: "custom", path: ["authType"], message: "Choose how the secret is sent." });
    }
    if ((v.authType === "header") !== Boolean(v.authHeaderName)) {
      ctx.addIssue({
        code: "custom",
        path: ["authHeaderName"],
        message: v.authType === "header" ? "Name the header the key is sent in." : "Only for header auth.",
      });
    }
  });
// The input shape (authType optional): createIntegration parses it again.
export type CreateIntegrationInput = z.input<typeof createIntegrationInput>;

/** Omitted fields stay; `secret: null` removes the stored secret. Cross-field rules are checked against the row. */
export const updateIntegrationInput = z
  .object({
    name: nameSchema.optional(),
    url: urlSchema.optional(),
    authType: z.enum(INTEGRATION_AUTH_TYPES).optional(),
    authHeaderName: headerNameSchema.nullable().optional(),
    secret: secretSchema.nullable().optional(),
    timeoutMs: timeoutSchema.optional(),
    enabled: z.boolean().optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), { message: "Nothing to change." });
export type UpdateIntegrationInput = z.infer<typeof updateIntegrationInput>;

const toolNameSchema = z.string().trim().min(1).max(200);
const toolListSchema = z
  .array(toolNameSchema)
  .max(200, "At most 200 tools.")
  .transform((t) => [...new Set(t)]);

/** PUT …/integrations/:id/grants: the full set of agents and tools for one integration. */
export const integrationGrantsInput = z.object({
  grants: z
    .array(z.object({ agentId: agentIdParamSchema, tools: toolListSchema }))
    .max(500, "At most 500 agents."),
});
export type IntegrationGrantsInput = z.infer<typeof integrationGrantsInput>;

/** PUT …/integrations/agents/:agentId: the full set of integration tools for one agent. */
export const agentGrantsInput = z.object({
  grants: z
    .array(z.object({ integrationId: integrationIdSchema, tools: toolListSchema }))
    .max(100, "At most 100 integrations."),
});
export type AgentGrantsInput = z.infer<typeof agentGrantsInput>;

/** One entry of a server's cached tools/list answer. */
export interface CachedTool {
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
}

/** What the API shows of an integration: never the secret, only its last characters. */
export interface IntegrationView {
  id: string;
  name: string;
  slug: string;
  url: string;
  authType: IntegrationAuthType;
  authHeaderName: string | null;
  secretHint: string | null;
  hasSecret: boolean;
  tools: CachedTool[];
  toolsRefreshedAt: Date | null;
  lastError: string | null;
  timeoutMs: number;
  enabled: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface AgentToolGrant {
  agentId: string;
  integrationId: string;
  tools: string[];
}
