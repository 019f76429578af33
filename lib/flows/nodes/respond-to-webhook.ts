import { sql } from "kysely";
import { z } from "zod";
import { defineNode } from "./define-node";

const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/;
/** Headers a flow may not set on the answer: they belong to the server or would let a flow set cookies on our origin. */
const RESERVED = new Set([
  "set-cookie",
  "content-length",
  "transfer-encoding",
  "connection",
  "content-security-policy",
]);

/** What the webhook's caller gets back, when the webhook trigger waits for an answer. */
export const respondToWebhook = defineNode({
  type: "respond_to_webhook",
  label: "Respond to webhook",
  category: "action",
  description: "Answers the webhook request that started the run (status, headers, body); the run goes on.",
  config: z
    .object({
      status: z.int().min(200).max(599).default(200).describe("HTTP status"),
      headers: z
        .record(
          z
            .string()
            .regex(HEADER_NAME)
            .refine((h) => !RESERVED.has(h.toLowerCase()), "This header is set by the server"),
          z.string().max(2000),
        )
        .default({})
        .describe("Response headers"),
      body: z.unknown().optional().describe("Response body: JSON, or an expression").meta({ widget: "json" }),
    })
    .strict(),
  inputs: ["in"],
  outputs: () => ["out"],
  sideEffects: false,
  defaultTimeoutMs: 5000,
  async run(ctx, config, input) {
    const response = { status: config.status, headers: config.headers, body: config.body ?? null };
    // The first answer wins: a webhook request gets one response.
    await sql`update public.flow_runs set response = ${JSON.stringify(response)}::jsonb
               where id = ${ctx.runId} and workspace_id = ${ctx.workspaceId} and response is null`.execute(
      ctx.db,
    );
    return { kind: "done", output: input };
  },
});
