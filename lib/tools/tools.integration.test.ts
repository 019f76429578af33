import http from "node:http";
import type { AddressInfo } from "node:net";
import { generateText, stepCountIs, type ToolExecutionOptions } from "ai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { asService, openDb, type SeedWorkspace, seedWorkspace } from "../../test/db/workspace-kit";
import { createOfflineModel } from "../ai/offline-model";
import type { Database } from "../db/client";
import { closeDb } from "../db/client";
import { buildTools, builtinToolCatalog, type ToolContext } from ".";
import { tagConversationInput } from "./tag-conversation";
import { webFetchInput } from "./web-fetch";

let db: Database;
let a: SeedWorkspace;
let b: SeedWorkspace;
let convA: string;
let convB: string;
let convSdk: string;
let server: http.Server;
let origin: string;

const opts: ToolExecutionOptions = { toolCallId: "call_1", messages: [] };

async function startConversation(ws: SeedWorkspace): Promise<string> {
  return asService(db, async (tx) => {
    const inbox = await tx
      .selectFrom("inboxes")
      .select("id")
      .where("workspace_id", "=", ws.id)
      .where("channel", "=", "web")
      .executeTakeFirstOrThrow();
    const conv = await tx
      .insertInto("conversations")
      .values({ workspace_id: ws.id, inbox_id: inbox.id, tags: ["existing"] })
      .returning("id")
      .executeTakeFirstOrThrow();
    return conv.id;
  });
}

const tagsOf = (id: string) =>
  asService(db, (tx) =>
    tx.selectFrom("conversations").select("tags").where("id", "=", id).executeTakeFirstOrThrow(),
  ).then((r) => r.tags);

/** Runs a tool the way the AI SDK does: input validated by its schema, then executed. */
async function runTool(ctx: ToolContext, name: string, input: unknown) {
  const tool = buildTools([name], ctx)[name];
  if (!tool?.execute) throw new Error(`no tool ${name}`);
  const schema = name === "tag_conversation" ? tagConversationInput : webFetchInput;
  return tool.execute(schema.parse(input) as never, opts);
}

beforeAll(async () => {
  db = openDb();
  a = await seedWorkspace(db, "tools-a");
  b = await seedWorkspace(db, "tools-b");
  convA = await startConversation(a);
  convB = await startConversation(b);
  convSdk = await startConversation(a);
  server = http.createServer((req, res) => {
    if (req.url === "/page")
      return res
        .writeHead(200, { "content-type": "text/html; charset=utf-8" })
        .end(
          "<html><head><title>Store hours</title><script>evil()</script></head><body><h1>Open</h1><p>9&ndash;17</p></body></html>",
        );
    if (req.url === "/data") return res.writeHead(200, { "content-type": "application/json" }).end('{"a":1}');
    if (req.url === "/image")
      return res.writeHead(200, { "content-type": "image/png" }).end(Buffer.alloc(64));
    if (req.url === "/huge") {
      res.writeHead(200, { "content-type": "text/plain" });
      const chunk = "z".repeat(64 * 1024);
      for (let i = 0; i < 40; i++) res.write(chunk);
      return res.end();
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

beforeEach(() => {
  process.env.SSRF_ALLOWLIST = "127.0.0.1";
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await db.destroy();
  await closeDb();
});

describe("buildTools", () => {
  it("builds the named tools and skips unknown ones", () => {
    const ctx = { claims: a.users.member.claims, workspaceId: a.id, conversationId: convA };
    expect(Object.keys(buildTools(["calculator", "nope", "tag_conversation"], ctx))).toEqual([
      "calculator",
      "tag_conversation",
    ]);
    expect(
      Object.keys(
        buildTools(
          builtinToolCatalog.map((t) => t.name),
          ctx,
        ),
      ).sort(),
    ).toEqual(
      [
        "calculator",
        "current_time",
        "tag_conversation",
        "web_fetch",
        "list_products",
        "get_product",
        "create_cart",
        "get_cart",
        "update_cart_item",
        "handoff_to_human",
      ].sort(),
    );
  });
});

describe("through the AI SDK", () => {
  it("runs tools a model calls, with their schemas applied", async () => {
    const ctx = { claims: a.users.member.claims, workspaceId: a.id, conversationId: convSdk };
    const run = (prompt: string) =>
      generateText({
        model: createOfflineModel({ chunkDelayMs: 0 }),
        prompt,
        tools: buildTools(["calculator", "tag_conversation", "current_time"], ctx),
        stopWhen: stepCountIs(3),
      });
    const calc = await run("use the calculator tool: (2 + 3) * 4");
    expect(calc.steps[0]?.toolResults[0]?.output).toEqual({ expression: "(2 + 3) * 4", result: 20 });
    const tagged = await run("use the tag_conversation tool: Hot-Lead");
    expect(tagged.steps[0]?.toolResults[0]?.output).toEqual({
      tags: ["existing", "hot-lead"],
      added: ["hot-lead"],
    });
    const time = await run('call current_time {"timezone": "Nowhere/Atlantis"}');
    expect(time.steps[0]?.toolResults[0]?.output).toMatchObject({
      error: expect.stringContaining("Unknown time zone"),
    });
  });
});

describe("tag_conversation", () => {
  it("adds normalised, de-duplicated tags to the current conversation", async () => {
    const ctx = { claims: a.users.member.claims, workspaceId: a.id, conversationId: convA };
    expect(await runTool(ctx, "tag_conversation", { tags: ["VIP", "lead", "lead", "existing"] })).toEqual({
      tags: ["existing", "vip", "lead"],
      added: ["vip", "lead"],
    });
    expect(await runTool(ctx, "tag_conversation", { tags: ["lead", "refund-request"] })).toEqual({
      tags: ["existing", "vip", "lead", "refund-request"],
      added: ["refund-request"],
    });
    expect(await tagsOf(convA)).toEqual(["existing", "vip", "lead", "refund-request"]);
    expect(() => tagConversationInput.parse({ tags: ["has space"] })).toThrow();
    expect(() => tagConversationInput.parse({ tags: [] })).toThrow();
  });

  it("cannot touch another workspace's conversation, whatever the context claims", async () => {
    const before = await tagsOf(convB);
    const attempts: ToolContext[] = [
      { claims: a.users.owner.claims, workspaceId: a.id, conversationId: convB },
      { claims: a.users.owner.claims, workspaceId: b.id, conversationId: convB },
    ];
    for (const ctx of attempts) {
      expect(await runTool(ctx, "tag_conversation", { tags: ["pwned"] })).toEqual({
        error: "This conversation cannot be tagged (not found, or no permission).",
      });
    }
    expect(await tagsOf(convB)).toEqual(before);
  });

  it("needs the member role: a viewer's tool call changes nothing", async () => {
    const before = await tagsOf(convA);
    const ctx = { claims: a.users.viewer.claims, workspaceId: a.id, conversationId: convA };
    expect(await runTool(ctx, "tag_conversation", { tags: ["viewer-tag"] })).toMatchObject({
      error: expect.stringContaining("cannot be tagged"),
    });
    expect(await tagsOf(convA)).toEqual(before);
  });
});

describe("web_fetch", () => {
  const ctx = () => ({ claims: a.users.member.claims, workspaceId: a.id, conversationId: convA });

  it("returns an allowlisted page as text, marked untrusted", async () => {
    expect(await runTool(ctx(), "web_fetch", { url: `${origin}/page` })).toEqual({
      untrusted: true,
      url: `${origin}/page`,
      status: 200,
      contentType: "text/html; charset=utf-8",
      title: "Store hours",
      text: "Open\n9–17",
      truncated: false,
    });
    expect(await runTool(ctx(), "web_fetch", { url: `${origin}/data` })).toMatchObject({ text: '{"a":1}' });
    expect(await runTool(ctx(), "web_fetch", { url: `${origin}/image` })).toMatchObject({
      contentType: "image/png",
      text: "",
    });
  });

  it("answers blocked, oversized and non-allowlisted URLs with an error result", async () => {
    expect(await runTool(ctx(), "web_fetch", { url: "http://10.0.0.5/admin" })).toEqual({
      untrusted: true,
      error: "Blocked: 10.0.0.5 is a private address.",
    });
    expect(
      await runTool(ctx(), "web_fetch", { url: "http://169.254.169.254/latest/meta-data/" }),
    ).toMatchObject({
      error: "Blocked: 169.254.169.254 is a link-local address.",
    });
    expect(await runTool(ctx(), "web_fetch", { url: `${origin}/huge` })).toMatchObject({
      error: "The response is larger than the 2.0 MB limit.",
    });
    process.env.SSRF_ALLOWLIST = "";
    expect(await runTool(ctx(), "web_fetch", { url: `${origin}/page` })).toMatchObject({
      error: "Blocked: 127.0.0.1 is a loopback address.",
    });
  });
});
