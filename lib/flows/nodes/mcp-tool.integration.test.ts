import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type ChatKit, KIT_SECRET, startChatKit } from "@/test/chat/integration-chat-kit";
import { type SeedWorkspace, seedWorkspace } from "@/test/db/workspace-kit";
import { ORDER_TEXT } from "@/test/fakes/mcp-server-fake";
import { type FlowFixture, nodeContext, outputOf, runNode, seedFlowRun } from "@/test/flows/flow-node-kit";
import { createProduct } from "../../catalog";
import { createIntegration, updateIntegration } from "../../integrations";
import { flushMcpCalls } from "../../mcp-activity";
import { mcpToolNode as node } from "./mcp-tool";

// The mcp_tool node against a real MCP server on localhost (test/fakes/mcp-server-fake.ts),
// and Switchboard's own tools in process.

let kit: ChatKit;
let other: SeedWorkspace;
let fx: FlowFixture;
let integrationId: string;
let foreignIntegrationId: string;
let productId: string;
let foreignProductId: string;

beforeAll(async () => {
  kit = await startChatKit("node-mcp");
  other = await seedWorkspace(kit.db, "node-mcp-b");
  integrationId = (
    await createIntegration(kit.admin(), {
      name: "Orders",
      url: kit.mcp.url,
      authType: "bearer",
      secret: KIT_SECRET,
    })
  ).id;
  const otherAdmin = { claims: other.users.admin.claims, workspaceId: other.id };
  foreignIntegrationId = (await createIntegration(otherAdmin, { name: "Theirs", url: kit.mcp.url })).id;
  productId = (await createProduct(kit.member(), { sku: "MUG-1", name: "Mug", price: 5, stock: 2 })).id;
  foreignProductId = (
    await createProduct(
      { claims: other.users.member.claims, workspaceId: other.id },
      { sku: "X", name: "X", price: 1 },
    )
  ).id;
  fx = await seedFlowRun(kit.db, kit.ws.id, kit.ws.users.member.id);
});

beforeEach(() => kit.mcp.setMode("ok"));

afterAll(async () => {
  await kit.stop();
});

const ctx = () => nodeContext(fx, "mcp_tool");

describe("mcp_tool node: an integration's tool", () => {
  it("calls the tool with the stored credential, which the output never holds", async () => {
    const before = kit.mcp.requests.length;
    const out = outputOf(
      await runNode(node, ctx(), { integrationId, tool: "lookup_order", arguments: { orderId: "A-7" } }),
    );
    expect(out).toEqual({ content: ORDER_TEXT("A-7"), truncated: false });
    expect(kit.mcp.calls.at(-1)).toEqual({ tool: "lookup_order", args: { orderId: "A-7" } });
    const seen = kit.mcp.requests.slice(before);
    expect(seen.length).toBeGreaterThan(0);
    for (const r of seen) expect(r.headers.authorization).toBe(`Bearer ${KIT_SECRET}`);
    expect(JSON.stringify(out)).not.toContain(KIT_SECRET);
  });

  it("passes on a result with NUL characters in a form the run can store (jsonb holds no NUL)", async () => {
    const out = outputOf(
      await runNode(node, ctx(), { integrationId, tool: "lookup_order", arguments: { orderId: "A\u0000B" } }),
    );
    expect(out.content).toBe(ORDER_TEXT("A\uFFFDB"));
    // What the engine does with it: a jsonb column takes it.
    const { rows } = await sql<{ v: unknown }>`select ${JSON.stringify(out)}::jsonb as v`.execute(kit.db);
    expect(rows[0]?.v).toEqual(out);
  });

  it("bounds a huge result", async () => {
    const out = outputOf(await runNode(node, ctx(), { integrationId, tool: "big_report" }));
    expect(out.truncated).toBe(true);
    expect(String(out.content).length).toBe(32 * 1024);
  });

  it("answers not_found for another workspace's, unknown and malformed integrations, and unknown tools", async () => {
    const calls = kit.mcp.calls.length;
    for (const config of [
      { integrationId: foreignIntegrationId, tool: "lookup_order" },
      { integrationId: "00000000-0000-4000-8000-000000000000", tool: "lookup_order" },
      { integrationId: "nope", tool: "lookup_order" },
      { integrationId, tool: "drop_tables" },
    ]) {
      await expect(runNode(node, ctx(), config), JSON.stringify(config)).rejects.toMatchObject({
        name: "AppError",
        code: "not_found",
      });
    }
    expect(kit.mcp.calls.length).toBe(calls);
  });

  it("a tool error, a failing server and a disabled integration are clear errors without the secret", async () => {
    await expect(runNode(node, ctx(), { integrationId, tool: "flaky_tool" })).rejects.toMatchObject({
      code: "bad_request",
      message: expect.stringContaining("backend unavailable"),
    });
    kit.mcp.setMode("echo-auth-500");
    const err = await runNode(node, ctx(), {
      integrationId,
      tool: "lookup_order",
      arguments: { orderId: "1" },
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "unavailable" });
    expect(JSON.stringify(err)).not.toContain(KIT_SECRET);
    expect((err as Error).message).not.toContain(KIT_SECRET);
    kit.mcp.setMode("ok");
    const disabled = (await createIntegration(kit.admin(), { name: "Off", url: kit.mcp.url })).id;
    await updateIntegration(kit.admin(), disabled, { enabled: false });
    await expect(
      runNode(node, ctx(), { integrationId: disabled, tool: "lookup_order" }),
    ).rejects.toMatchObject({
      code: "conflict",
    });
  });

  it("stops a hanging call when the run is canceled", async () => {
    kit.mcp.setMode("hang-call");
    const controller = new AbortController();
    const running = runNode(node, nodeContext(fx, "mcp_tool", { signal: controller.signal }), {
      integrationId,
      tool: "lookup_order",
      arguments: { orderId: "slow" },
    });
    setTimeout(() => controller.abort(), 300);
    await expect(running).rejects.toMatchObject({ code: "unavailable", message: "The run was canceled." });
  });

  it("ends a hanging call at the node's timeout", async () => {
    kit.mcp.setMode("hang-call");
    await expect(
      runNode(node, nodeContext(fx, "mcp_tool", { signal: AbortSignal.timeout(300) }), {
        integrationId,
        tool: "lookup_order",
        arguments: { orderId: "slow" },
      }),
    ).rejects.toMatchObject({ code: "unavailable", message: "The node timed out." });
  });

  it("refuses oversized arguments and a missing integration in the config", () => {
    expect(
      node.config.safeParse({
        integrationId,
        tool: "lookup_order",
        arguments: { orderId: "x".repeat(70_000) },
      }).success,
    ).toBe(false);
    expect(node.config.safeParse({ source: "integration", tool: "lookup_order" }).success).toBe(false);
    expect(node.config.safeParse({ integrationId, tool: "" }).success).toBe(false);
  });
});

describe("mcp_tool node: Switchboard's own tools", () => {
  it("runs a tool in process, as the flow's actor in this workspace", async () => {
    const out = outputOf(
      await runNode(node, ctx(), {
        source: "switchboard",
        tool: "get_product",
        arguments: { product_id: productId },
      }),
    );
    expect(out).toMatchObject({ product: { id: productId, name: "Mug" } });
    const ws = outputOf(await runNode(node, ctx(), { source: "switchboard", tool: "get_workspace" }));
    expect(ws).toMatchObject({ workspace: { id: kit.ws.id }, apiKey: { role: "member" } });
  });

  it("cannot reach another workspace, names unknown tools, and checks arguments", async () => {
    await expect(
      runNode(node, ctx(), {
        source: "switchboard",
        tool: "get_product",
        arguments: { product_id: foreignProductId },
      }),
    ).rejects.toMatchObject({ code: "not_found" });
    await expect(runNode(node, ctx(), { source: "switchboard", tool: "rm_rf" })).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(
      runNode(node, ctx(), { source: "switchboard", tool: "get_product", arguments: { product_id: 42 } }),
    ).rejects.toMatchObject({ code: "validation_failed" });
  });
});

describe("mcp_tool node: the MCP activity log", () => {
  it("logs each call with transport 'flow': outbound to an integration, inbound for Switchboard's own tools, errors with their code", async () => {
    await flushMcpCalls();
    const { rows: mark } = await sql<{
      id: string | null;
    }>`select max(id)::text as id from public.mcp_calls`.execute(kit.db);
    const after = mark[0]?.id ?? "0";
    await runNode(node, ctx(), { integrationId, tool: "lookup_order", arguments: { orderId: "A-9" } });
    await runNode(node, ctx(), {
      source: "switchboard",
      tool: "get_product",
      arguments: { product_id: productId },
    });
    await expect(
      runNode(node, ctx(), {
        source: "switchboard",
        tool: "get_product",
        arguments: { product_id: foreignProductId },
      }),
    ).rejects.toMatchObject({ code: "not_found" });
    await flushMcpCalls();
    const { rows } = await sql<{
      direction: string;
      transport: string;
      tool: string;
      status: string;
      error_code: string | null;
      integration_id: string | null;
    }>`select direction, transport, tool, status, error_code, integration_id from public.mcp_calls
        where workspace_id = ${kit.ws.id} and id > ${after}::bigint and transport = 'flow' order by id`.execute(
      kit.db,
    );
    expect(rows).toEqual([
      {
        direction: "outbound",
        transport: "flow",
        tool: "lookup_order",
        status: "ok",
        error_code: null,
        integration_id: integrationId,
      },
      {
        direction: "inbound",
        transport: "flow",
        tool: "get_product",
        status: "ok",
        error_code: null,
        integration_id: null,
      },
      {
        direction: "inbound",
        transport: "flow",
        tool: "get_product",
        status: "error",
        error_code: "not_found",
        integration_id: null,
      },
    ]);
  });
});
