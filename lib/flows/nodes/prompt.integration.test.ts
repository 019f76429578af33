import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ChatKit, startChatKit } from "@/test/chat/integration-chat-kit";
import { type SeedWorkspace, seedWorkspace } from "@/test/db/workspace-kit";
import { type FlowFixture, nodeContext, outputOf, runNode, seedFlowRun } from "@/test/flows/flow-node-kit";
import { createProviderConnection, upsertPrice } from "../../providers";
import { usageSummary } from "../../usage";
import { promptNode } from "./prompt";

// The prompt node against the OpenAI-compatible fake (and the offline model).

let kit: ChatKit;
let other: SeedWorkspace;
let fx: FlowFixture;
let foreignConnectionId: string;

const person = {
  type: "object",
  properties: { name: { type: "string" }, age: { type: "integer", minimum: 0 } },
  required: ["name", "age"],
  additionalProperties: false,
};

async function flowUsage(workspaceId: string) {
  const { rows } = await sql<{ input: number; output: number; errors: number; calls: number; cost: string }>`
    select coalesce(sum(input_tokens), 0)::int as input, coalesce(sum(output_tokens), 0)::int as output,
           coalesce(sum(errors), 0)::int as errors, coalesce(sum(latency_count), 0)::int as calls,
           coalesce(sum(cost), 0)::text as cost
      from public.usage_daily where workspace_id = ${workspaceId} and agent_id is null and inbox_id is null`.execute(
    kit.db,
  );
  return rows[0];
}

beforeAll(async () => {
  kit = await startChatKit("node-prompt");
  other = await seedWorkspace(kit.db, "node-prompt-b");
  foreignConnectionId = (
    await createProviderConnection(
      { claims: other.users.admin.claims, workspaceId: other.id },
      { provider: "openai_compatible", name: "Theirs", baseUrl: kit.fake.baseUrl, models: ["fake-model"] },
    )
  ).id;
  await upsertPrice(kit.admin(), {
    provider: "openai_compatible",
    model: "fake-model",
    inputPerMillion: 1_000_000,
    outputPerMillion: 2_000_000,
  });
  fx = await seedFlowRun(kit.db, kit.ws.id, kit.ws.users.member.id);
});

afterAll(async () => {
  await kit.stop();
});

const ctx = () => nodeContext(fx, "prompt");

describe("prompt node", () => {
  it("answers a prompt with the connection's model and meters it", async () => {
    const before = await flowUsage(kit.ws.id);
    kit.fake.queue({ kind: "text", text: "A short summary." });
    const out = await runNode(promptNode, ctx(), {
      providerConnectionId: kit.connectionId,
      model: "fake-model",
      system: "Summarize.",
      prompt: "Long text here",
    });
    expect(outputOf(out)).toEqual({
      text: "A short summary.",
      model: "fake-model",
      usage: { inputTokens: 11, outputTokens: 7 },
    });
    const sent = kit.fake.requests.at(-1)?.body as { messages: { role: string; content: unknown }[] };
    expect(JSON.stringify(sent.messages)).toContain("Summarize.");
    expect(JSON.stringify(sent.messages)).toContain("Long text here");
    const after = await flowUsage(kit.ws.id);
    expect(after?.input).toBe((before?.input ?? 0) + 11);
    expect(after?.output).toBe((before?.output ?? 0) + 7);
    expect(after?.calls).toBe((before?.calls ?? 0) + 1);
    // 11 tokens at $1/token in, 7 at $2/token out.
    expect(Number(after?.cost) - Number(before?.cost)).toBe(25);
    // The overview shows it, as a reply of "No agent".
    const summary = await usageSummary(kit.member(), { days: 7 });
    expect(summary.agents.find((a) => a.agentId === null)).toMatchObject({
      name: "No agent",
      messages: 1,
      cost: 25,
    });
    expect(summary.totals.errorRate).toBe(0);
  });

  it("returns an object that matches the JSON schema", async () => {
    kit.fake.queue({ kind: "text", text: '{"name":"Ada","age":36}' });
    const out = await runNode(promptNode, ctx(), {
      providerConnectionId: kit.connectionId,
      prompt: "Who wrote the first program?",
      outputSchema: person,
    });
    expect(outputOf(out)).toMatchObject({ object: { name: "Ada", age: 36 } });
    // The model is told which JSON, also where the provider has no native structured output.
    expect(JSON.stringify(kit.fake.requests.at(-1)?.body.messages)).toContain(
      '\\"required\\":[\\"name\\",\\"age\\"]',
    );
  });

  it("fails clearly when the model's answer does not match the schema, and counts the error", async () => {
    const before = await flowUsage(kit.ws.id);
    kit.fake.queue({ kind: "text", text: '{"name":"Ada","age":"old"}' });
    await expect(
      runNode(promptNode, ctx(), {
        providerConnectionId: kit.connectionId,
        prompt: "Who?",
        outputSchema: person,
      }),
    ).rejects.toMatchObject({
      name: "AppError",
      code: "validation_failed",
      message: "The model's answer does not match the output schema.",
      details: { answer: '{"name":"Ada","age":"old"}', reason: expect.stringContaining("age") },
    });
    kit.fake.queue({ kind: "text", text: "not json at all" });
    await expect(
      runNode(promptNode, ctx(), {
        providerConnectionId: kit.connectionId,
        prompt: "Who?",
        outputSchema: person,
      }),
    ).rejects.toMatchObject({ code: "validation_failed" });
    expect((await flowUsage(kit.ws.id))?.errors).toBe((before?.errors ?? 0) + 2);
  });

  it("uses the built-in offline model when no model is chosen", async () => {
    const requests = kit.fake.requests.length;
    const out = outputOf(await runNode(promptNode, ctx(), { prompt: "Hello offline" }));
    expect(out.model).toBe("offline-demo");
    expect(String(out.text)).toContain("Hello offline");
    expect(kit.fake.requests.length).toBe(requests);
  });

  it("answers not_found for another workspace's, unknown and malformed connections", async () => {
    const requests = kit.fake.requests.length;
    for (const providerConnectionId of [
      foreignConnectionId,
      "00000000-0000-4000-8000-000000000000",
      "nope",
    ]) {
      await expect(
        runNode(promptNode, ctx(), { providerConnectionId, prompt: "x" }),
        providerConnectionId,
      ).rejects.toMatchObject({ code: "not_found" });
    }
    expect(kit.fake.requests.length).toBe(requests);
  });

  it("a provider failure is a safe error, never the provider's text", async () => {
    kit.fake.queue({ kind: "status", status: 401, body: { error: { message: "bad key sk-leak-123" } } });
    const err = await runNode(promptNode, ctx(), {
      providerConnectionId: kit.connectionId,
      prompt: "x",
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "unavailable" });
    expect(JSON.stringify(err)).not.toContain("sk-leak-123");
    expect((err as Error).message).not.toContain("sk-leak-123");
  });

  it("refuses schemas it will not run and oversized prompts before calling any model", () => {
    const bad = [
      { prompt: "x", outputSchema: { type: "string", pattern: "^(a+)+$" } },
      { prompt: "x", outputSchema: { type: "object", patternProperties: { "^x": {} } } },
      { prompt: "x", outputSchema: { $ref: "https://example.com/schema.json" } },
      { prompt: "x", outputSchema: { type: "object", description: "d".repeat(20_001) } },
      { prompt: "x".repeat(100_001) },
      { prompt: "" },
      { prompt: "x", temperature: 5 },
    ];
    for (const config of bad) {
      expect(promptNode.config.safeParse(config).success, JSON.stringify(config).slice(0, 80)).toBe(false);
    }
    let deep: Record<string, unknown> = { type: "string" };
    for (let i = 0; i < 20; i++) deep = { type: "object", properties: { a: deep } };
    expect(promptNode.config.safeParse({ prompt: "x", outputSchema: deep }).success).toBe(false);
  });

  it("stops the model call when the run is canceled", async () => {
    kit.fake.queue({ kind: "hang" });
    const controller = new AbortController();
    const running = runNode(promptNode, nodeContext(fx, "prompt", { signal: controller.signal }), {
      providerConnectionId: kit.connectionId,
      prompt: "slow",
    });
    setTimeout(() => controller.abort(), 200);
    await expect(running).rejects.toMatchObject({ code: "unavailable", message: "The run was canceled." });
  });
});
