import { generateText, NoObjectGeneratedError, Output } from "ai";
import { sql } from "kysely";
import { z } from "zod";
import type { Database } from "../../db/client";
import { AppError, isAppError } from "../../errors";
import { logger } from "../../logger";
import { costOf, priceFor, type ResolvedModel, resolveModel } from "../../providers";
import { defineNode, type NodeContext, type NodeResult } from "./define-node";
import { abortError, flowActor, type NodeActor, throwIfAborted, toJson } from "./node-actor";

const MAX_PROMPT_CHARS = 100_000;
const MAX_SCHEMA_CHARS = 20_000;
const MAX_SCHEMA_DEPTH = 16;

/**
 * A JSON Schema for the answer. Checked before any model is called: bounded
 * in size and depth, and without `pattern`/`patternProperties` (a
 * user-written regex run against model output is a ReDoS on the worker) or
 * non-local `$ref`s.
 */
export function outputSchemaProblem(schema: unknown): string | null {
  if (JSON.stringify(schema).length > MAX_SCHEMA_CHARS)
    return `Keep the schema under ${MAX_SCHEMA_CHARS} characters.`;
  const walk = (v: unknown, depth: number): string | null => {
    if (depth > MAX_SCHEMA_DEPTH) return `Nest the schema at most ${MAX_SCHEMA_DEPTH} levels deep.`;
    if (Array.isArray(v)) {
      for (const x of v) {
        const p = walk(x, depth + 1);
        if (p) return p;
      }
      return null;
    }
    if (v && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) {
        if (k === "pattern" || k === "patternProperties")
          return "Regular expressions (pattern) are not supported.";
        if (k === "$ref" && (typeof x !== "string" || !x.startsWith("#")))
          return "Only local $refs (#/…) are supported.";
        const p = walk(x, depth + 1);
        if (p) return p;
      }
    }
    return null;
  };
  const deep = walk(schema, 0);
  if (deep) return deep;
  try {
    z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]);
  } catch (e) {
    return `Not a JSON Schema this node understands: ${(e as Error).message}`.slice(0, 300);
  }
  return null;
}

const promptConfig = z.object({
  providerConnectionId: z
    .string()
    .max(100)
    .optional()
    .describe(
      "A provider connection of this workspace (Settings → Providers). Empty: the model below from the instance's keys, or the built-in offline model when that is empty too.",
    ),
  model: z
    .string()
    .max(200)
    .optional()
    .describe('The model: its id with a connection (e.g. "gpt-4o-mini"), "provider:model" without one.'),
  system: z
    .string()
    .max(MAX_PROMPT_CHARS)
    .optional()
    .describe("Instructions for the model (the system prompt), with {{ }} expressions.")
    .meta({ widget: "textarea" }),
  prompt: z
    .string()
    .min(1)
    .max(MAX_PROMPT_CHARS)
    .describe("The prompt, with {{ }} expressions, e.g. Summarize: {{ $input.text }}.")
    .meta({ widget: "textarea" }),
  outputSchema: z
    .record(z.string(), z.unknown())
    .optional()
    .superRefine((s, issues) => {
      const problem = s === undefined ? null : outputSchemaProblem(s);
      if (problem) issues.addIssue({ code: "custom", message: problem });
    })
    .describe("Optional JSON Schema: the model answers with a JSON object matching it, output as {object}.")
    .meta({ widget: "json" }),
  temperature: z
    .number()
    .min(0)
    .max(2)
    .optional()
    .describe("Sampling temperature (0–2); the model's default when empty."),
  maxOutputTokens: z.int().min(1).max(32_000).optional().describe("The most tokens the answer may use."),
});

/**
 * One model call: a template and a model (a provider connection, the
 * instance's keys, or the built-in offline model, resolved as agents resolve
 * theirs), optionally answering with a JSON object validated against a JSON
 * Schema. Tokens and cost count in the workspace's usage tables (no agent,
 * no inbox), as chat's replies do.
 */
export const promptNode = defineNode({
  type: "prompt",
  label: "Prompt",
  category: "ai",
  description: "Asks a model with a prompt template; optionally returns a JSON object matching a schema.",
  config: promptConfig,
  inputs: ["in"],
  outputs: () => ["out"],
  // A model call costs money but changes nothing stored: safe to retry.
  sideEffects: false,
  defaultTimeoutMs: 120_000,
  async run(ctx, config): Promise<NodeResult> {
    const connectionId = config.providerConnectionId?.trim() || null;
    if (connectionId && !z.uuid().safeParse(connectionId).success) {
      throw new AppError("not_found", "Provider connection not found.");
    }
    const actor = await flowActor(ctx);
    const resolved = await resolveModel(
      { claims: actor.claims, workspaceId: ctx.workspaceId },
      { providerConnectionId: connectionId, model: config.model?.trim() || null },
    );
    throwIfAborted(ctx.signal);
    const started = performance.now();
    const schema = config.outputSchema ? z.fromJSONSchema(config.outputSchema as never) : null;
    try {
      const common = {
        model: resolved.model,
        system: systemPrompt(config.system, config.outputSchema),
        prompt: config.prompt,
        temperature: config.temperature,
        maxOutputTokens: config.maxOutputTokens,
        maxRetries: 2,
        abortSignal: ctx.signal,
      };
      if (schema) {
        const result = await generateText({ ...common, output: Output.object({ schema }) });
        await meter(ctx, actor, resolved, result.usage, started, false);
        return {
          kind: "done",
          output: toJson({ object: result.output, model: resolved.modelId, usage: usageOut(result.usage) }),
        };
      }
      const result = await generateText(common);
      await meter(ctx, actor, resolved, result.usage, started, false);
      return {
        kind: "done",
        output: toJson({ text: result.text, model: resolved.modelId, usage: usageOut(result.usage) }),
      };
    } catch (e) {
      if (ctx.signal.aborted) throw abortError(ctx.signal);
      if (NoObjectGeneratedError.isInstance(e)) {
        await meter(ctx, actor, resolved, e.usage ?? {}, started, true);
        throw new AppError("validation_failed", "The model's answer does not match the output schema.", {
          cause: e,
          details: { answer: (e.text ?? "").slice(0, 500), reason: schemaReason(e.cause) },
        });
      }
      if (isAppError(e)) throw e;
      await meter(ctx, actor, resolved, {}, started, true).catch(() => {});
      logger.warn({ err: e, runId: ctx.runId, nodeId: ctx.node.id }, "flows: prompt node model call failed");
      throw new AppError(
        "unavailable",
        "The model could not answer. Try again, or check the provider connection.",
        {
          cause: e,
        },
      );
    }
  },
});

/**
 * The schema is also stated in the system prompt: providers without native
 * structured output (most OpenAI-compatible servers) only get "answer in
 * JSON" from the SDK, not which JSON.
 */
function systemPrompt(system: string | undefined, schema: Record<string, unknown> | undefined) {
  if (!schema) return system || undefined;
  const ask = `Answer with only a JSON value matching this JSON Schema:\n${JSON.stringify(schema)}`;
  return system ? `${system}\n\n${ask}` : ask;
}

type Usage = { inputTokens?: number; outputTokens?: number };
const usageOut = (u: Usage) => ({ inputTokens: u.inputTokens ?? 0, outputTokens: u.outputTokens ?? 0 });

/** The first schema complaint, for people: where and what (never the model's whole answer). */
function schemaReason(cause: unknown): string | undefined {
  const issues = (
    cause as { cause?: { issues?: { path: PropertyKey[]; message: string }[] }; issues?: unknown }
  )?.cause?.issues;
  const first = Array.isArray(issues) ? issues[0] : undefined;
  if (!first) return (cause as Error | undefined)?.message?.slice(0, 300);
  return `${first.path.map(String).join(".") || "(root)"}: ${first.message}`;
}

/**
 * Into usage_daily as chat's trigger writes it (the same row key and shards),
 * with no inbox and no agent ("No agent" on the overview): one call counts as
 * one assistant message, so tokens, cost, latency and the error rate
 * (errors per assistant message) include flows' model calls.
 */
async function meter(
  ctx: NodeContext,
  actor: NodeActor,
  resolved: ResolvedModel,
  usage: Usage,
  started: number,
  failed: boolean,
) {
  const input = usage.inputTokens ?? 0;
  const output = usage.outputTokens ?? 0;
  const price = await priceFor(
    { claims: actor.claims, workspaceId: ctx.workspaceId },
    resolved.provider,
    resolved.modelId,
  );
  const cost = costOf(price, input, output);
  const latency = Math.round(performance.now() - started);
  await recordUsage(ctx.db, ctx.workspaceId, ctx.runId, { input, output, cost, failed, latency });
}

export async function recordUsage(
  db: Database,
  workspaceId: string,
  runId: string,
  u: { input: number; output: number; cost: number; failed: boolean; latency: number },
) {
  await sql`
    insert into public.usage_daily as u (workspace_id, inbox_id, agent_id, day, shard, messages,
      assistant_messages, input_tokens, output_tokens, cost, errors, latency_total_ms_sum, latency_count)
    values (${workspaceId}::uuid, null, null, (now() at time zone 'UTC')::date, hashtext(${runId}) & 15, 1,
      1, ${u.input}, ${u.output}, ${u.cost}, ${u.failed ? 1 : 0}, ${u.latency}, 1)
    on conflict (workspace_id, day, inbox_id, agent_id, shard) do update set
      messages = u.messages + excluded.messages,
      assistant_messages = u.assistant_messages + excluded.assistant_messages,
      input_tokens = u.input_tokens + excluded.input_tokens,
      output_tokens = u.output_tokens + excluded.output_tokens,
      cost = u.cost + excluded.cost,
      errors = u.errors + excluded.errors,
      latency_total_ms_sum = u.latency_total_ms_sum + excluded.latency_total_ms_sum,
      latency_count = u.latency_count + excluded.latency_count`.execute(db);
}
