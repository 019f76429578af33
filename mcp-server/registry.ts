import type { Tool as McpToolDefinition } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import type { ApiKeyPrincipal } from "../lib/api-keys";
import { type ApiKeyAccess, type ApiKeyGroup, hasScope } from "../lib/api-keys";
import type { WorkspaceScope } from "../lib/workspaces";

export type McpTransportLabel = "http" | "stdio";

/** What a tool runs with: the key's principal and the scope lib/ functions take. */
export interface ToolContext {
  principal: ApiKeyPrincipal;
  scope: WorkspaceScope;
  transport: McpTransportLabel;
}

/** All four hints are always stated, so no client falls back to the spec's pessimistic defaults. */
export interface ToolHints {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

export interface ToolSpec<I extends z.ZodType, O extends z.ZodObject> {
  /** verb_noun, as the Laburen tools are named (list_products, get_cart): one style for every tool. */
  name: string;
  /**
   * Earlier names that tools/call still accepts, so existing clients keep
   * working after a rename; tools/list shows only `name`.
   */
  aliases?: string[];
  title: string;
  description: string;
  /** The tool group the key needs; null for tools any key may use (read access is still required). */
  group: ApiKeyGroup | null;
  access: ApiKeyAccess;
  annotations: ToolHints;
  input: I;
  output: O;
  /** The result holds text from end users, models or outside systems: its text content is fenced. */
  untrusted: boolean;
  run(ctx: ToolContext, args: z.output<I>): Promise<z.input<O>>;
}

/** A tool with its types erased, so tools of every shape fit in one list. */
export interface Tool {
  name: string;
  aliases: readonly string[];
  group: ApiKeyGroup | null;
  access: ApiKeyAccess;
  untrusted: boolean;
  input: z.ZodType;
  output: z.ZodObject;
  run(ctx: ToolContext, args: unknown): Promise<unknown>;
  /** The tools/list entry, JSON Schemas included: built on first use, then reused by every request. */
  readonly definition: McpToolDefinition;
}

const jsonSchema = (schema: z.ZodType, io: "input" | "output") => {
  // Draft 7, as the SDK's own McpServer emits: the clients' validators (ajv) default to it.
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { target: "draft-7", io }) as Record<
    string,
    unknown
  >;
  return rest as McpToolDefinition["inputSchema"];
};

export function defineTool<I extends z.ZodType, O extends z.ZodObject>(spec: ToolSpec<I, O>): Tool {
  let definition: McpToolDefinition | undefined;
  return {
    name: spec.name,
    aliases: spec.aliases ?? [],
    group: spec.group,
    access: spec.access,
    untrusted: spec.untrusted,
    input: spec.input,
    output: spec.output,
    run: (ctx, args) => spec.run(ctx, args as z.output<I>),
    get definition() {
      definition ??= {
        name: spec.name,
        title: spec.title,
        description: spec.description,
        inputSchema: jsonSchema(spec.input, "input"),
        outputSchema: jsonSchema(spec.output, "output") as McpToolDefinition["outputSchema"],
        annotations: { title: spec.title, ...spec.annotations },
      };
      return definition;
    },
  };
}

export function toolAllowed(principal: Pick<ApiKeyPrincipal, "scopes">, tool: Tool): boolean {
  if (tool.group === null) {
    return tool.access === "read"
      ? principal.scopes.includes("read") || principal.scopes.includes("write")
      : principal.scopes.includes("write");
  }
  return hasScope(principal, tool.group, tool.access);
}

/** Shared pieces of tool schemas. */
export const isoDate = z.iso.datetime().describe("ISO 8601 date-time, UTC");
export const iso = (d: Date) => d.toISOString();
export const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);
