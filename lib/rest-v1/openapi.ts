import { z } from "zod";
import { publishedShapes } from "../contract/published";
import { accessFor, type V1Operation, v1Operations } from "./operations";
import { errorBodySchema } from "./schemas";

type Json = Record<string, unknown>;

/** Named schemas: referenced from operations instead of being repeated in each. */
const components = z.registry<{ id: string }>();
components.add(errorBodySchema, { id: "Error" });
for (const { name, schema } of publishedShapes) components.add(schema, { id: name });

const REF = (id: string) => `#/components/schemas/${id}`;

/**
 * zod → JSON Schema 2020-12 (OpenAPI 3.1's dialect). Request schemas are
 * described as clients send them (`io: "input"`), responses as sent.
 */
function jsonSchema(schema: z.ZodType, io: "input" | "output"): Json {
  const out = z.toJSONSchema(schema, { io, metadata: components, unrepresentable: "any" }) as Json;
  // Registered schemas come back inlined under $defs: point them at components instead.
  const { $schema: _s, $defs: _d, ...rest } = out;
  return JSON.parse(JSON.stringify(rest).replaceAll('"#/$defs/', '"#/components/schemas/')) as Json;
}

function strip(schema: Json): Json {
  const { $schema: _s, $id: _i, ...rest } = schema;
  return rest;
}

const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: { $ref: REF("Error") } } },
});

/** What a plan's limit can refuse with 402 plan_limit (billing on only): lib/billing/entitlements.ts. */
const PLAN_LIMITED = new Set(["post /chat", "post /agents", "post /flows/{id}/runs"]);

const sharedResponses = {
  BadRequest: errorResponse("Malformed JSON, wrong types, unknown fields or bad query parameters."),
  Unauthorized: {
    ...errorResponse("No API key, or one that is invalid, revoked or expired."),
    headers: {
      "WWW-Authenticate": { schema: { type: "string" }, description: 'Bearer realm="switchboard"' },
    },
  },
  Forbidden: errorResponse("The key lacks a scope this endpoint needs, or its role cannot do this."),
  NotFound: errorResponse("No such resource in the key's workspace (other workspaces' ids look the same)."),
  PayloadTooLarge: errorResponse("The JSON body is larger than 64 KiB."),
  UnsupportedMediaType: errorResponse("The body was not sent as application/json."),
  PlanLimit: errorResponse(
    "The workspace's plan limit is reached (billing on only); `details`: { kind, plan, limit, used, upgradeUrl }.",
  ),
  RateLimited: {
    ...errorResponse("The key's per-minute request budget is spent."),
    headers: { "Retry-After": { schema: { type: "integer" }, description: "Seconds to wait." } },
  },
};

function parameters(op: V1Operation): Json[] {
  const path = Object.entries(op.params ?? {}).map(([name, s]) => ({
    name,
    in: "path",
    required: true,
    schema: jsonSchema(s, "input"),
  }));
  const query = Object.entries(op.query?.shape ?? {}).map(([name, s]) => {
    const schema = jsonSchema(s as z.ZodType, "output");
    return { name, in: "query", required: false, schema };
  });
  return [...path, ...query];
}

function operation(op: V1Operation): Json {
  const ref = (name: keyof typeof sharedResponses) => ({ $ref: `#/components/responses/${name}` });
  const responses: Json = {
    [op.response.status]: {
      description: op.response.description,
      content: { "application/json": { schema: jsonSchema(op.response.schema, "output") } },
    },
  };
  if (op.group) {
    Object.assign(responses, { 400: ref("BadRequest"), 401: ref("Unauthorized"), 403: ref("Forbidden") });
    // Ids in the path or the body may name something outside the key's workspace.
    if (op.params || op.body) responses[404] = ref("NotFound");
    if (op.body) Object.assign(responses, { 413: ref("PayloadTooLarge"), 415: ref("UnsupportedMediaType") });
    if (PLAN_LIMITED.has(`${op.method} ${op.path}`)) responses[402] = ref("PlanLimit");
    responses[429] = ref("RateLimited");
  }
  const access = accessFor(op.method);
  return {
    operationId: `${op.method}${op.path.replace(/[{}]/g, "").replace(/[/.](\w)/g, (_, c: string) => c.toUpperCase())}`,
    summary: op.summary,
    description: [op.description, op.group ? `Scopes: \`${access}\` + \`${op.group}\`.` : undefined]
      .filter(Boolean)
      .join("\n\n"),
    ...(op.group ? { tags: [op.group] } : {}),
    // Public operations override the document-wide bearer requirement.
    ...(op.group ? { "x-required-scopes": [access, op.group] } : { security: [] }),
    ...(parameters(op).length ? { parameters: parameters(op) } : {}),
    ...(op.body
      ? {
          requestBody: {
            required: true,
            content: { "application/json": { schema: jsonSchema(op.body, "input") } },
          },
        }
      : {}),
    responses,
  };
}

/** The OpenAPI 3.1 document for /api/v1, built from the same zod schemas the endpoints parse with. */
export function buildOpenApiDocument(): Json {
  const paths: Record<string, Json> = {};
  for (const op of v1Operations) {
    paths[op.path] ??= {};
    (paths[op.path] as Json)[op.method] = operation(op);
  }
  const named = z.toJSONSchema(components, { uri: REF, io: "output", unrepresentable: "any" }).schemas;
  return {
    openapi: "3.1.0",
    info: {
      title: "Switchboard API",
      version: "1.0.0",
      description:
        "Workspace API keys (Settings → API keys) authenticate every call as `Authorization: Bearer sbk_…`. " +
        "A key acts in its one workspace with the lower of its own and its creator's role. " +
        "Errors are `{ error: { code, message, details? } }`.",
    },
    servers: [{ url: "/api/v1" }],
    security: [{ bearerAuth: [] }],
    tags: [...new Set(v1Operations.flatMap((o) => (o.group ? [o.group] : [])))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        bearerAuth: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "sbk_<8>_<40>",
          description: "A workspace API key.",
        },
      },
      schemas: Object.fromEntries(Object.entries(named).map(([id, s]) => [id, strip(s as Json)])),
      responses: sharedResponses,
    },
  };
}
