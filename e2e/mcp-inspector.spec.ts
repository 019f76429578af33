// Switchboard's MCP server driven by the official MCP Inspector CLI (0.21.2),
// as an external client would: Streamable HTTP against the server that
// scripts/e2e-server.ts starts beside the app, and stdio by spawning
// mcp-server/stdio.ts. No browser involved, so desktop project only.
//
// It runs as `npx -y @modelcontextprotocol/inspector@0.21.2 --cli`, from the
// repository root: the package is a pinned devDependency, so npx resolves it
// offline. Its launcher imports `commander` without declaring it; the root
// devDependency commander@13 is there for that (otherwise terser's commander 2
// would be hoisted and the launcher would die). It reads its own package.json
// relative to the working directory, hence the root as cwd.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import type { McpE2eFixture } from "../mcp-server/e2e-fixture";

const NPX_ARGS = ["-y", "@modelcontextprotocol/inspector@0.21.2", "--cli"];
const ROOT = path.resolve(".");

// No browser involved: the phone project ignores this file (playwright.config.ts).

// Written by scripts/e2e-server.ts (mcp-server/e2e-fixture.ts, mcpFixturePath).
function fixture(): McpE2eFixture {
  const file = path.join(os.tmpdir(), `switchboard-e2e-mcp-${process.env.E2E_PORT ?? 3100}.json`);
  return JSON.parse(readFileSync(file, "utf8")) as McpE2eFixture;
}

test.beforeAll(async () => {
  // The e2e server starts MCP before the app; still, wait until it answers (401 without a key).
  const deadline = Date.now() + 30_000;
  for (;;) {
    const status = await fetch(fixture().mcpUrl, { method: "POST" })
      .then((r) => r.status)
      .catch(() => 0);
    if (status === 401) return;
    if (Date.now() > deadline) throw new Error(`MCP server not ready (last status ${status})`);
    await new Promise((r) => setTimeout(r, 250));
  }
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function inspector(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile("npx", [...NPX_ARGS, ...args], { cwd: ROOT, timeout: 90_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === "number" ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

function overHttp(key: string, ...args: string[]) {
  const f = fixture();
  return inspector([f.mcpUrl, "--transport", "http", "--header", `Authorization: Bearer ${key}`, ...args]);
}

async function json<T>(run: Promise<Run>): Promise<T> {
  const r = await run;
  expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
  return JSON.parse(r.stdout) as T;
}

interface ToolResult<T = Record<string, unknown>> {
  content: { type: string; text: string }[];
  structuredContent?: T;
  isError?: boolean;
}

test("tools/list over Streamable HTTP shows every tool, the Laburen catalog names included", async () => {
  const { tools } = await json<{ tools: { name: string; annotations: Record<string, boolean> }[] }>(
    overHttp(fixture().key, "--method", "tools/list"),
  );
  const names = tools.map((t) => t.name);
  expect(names).toEqual(
    expect.arrayContaining(["list_products", "get_product", "create_cart", "get_cart", "update_cart_item"]),
  );
  expect(names).toContain("get_billing");
  // Every tool but the flows group (the fixture key has no flows scope): 16, and the four channel tools.
  expect(names).toHaveLength(20);
  expect(names).toContain("reply_to_conversation");
  expect(tools.find((t) => t.name === "list_products")?.annotations.readOnlyHint).toBe(true);
});

test("the catalog tools work end to end over Streamable HTTP", async () => {
  const f = fixture();
  const call = (tool: string, ...args: string[]) =>
    json<ToolResult>(overHttp(f.key, "--method", "tools/call", "--tool-name", tool, ...args));

  const list = await call("list_products", "--tool-arg", "limit=5");
  expect(list.structuredContent).toMatchObject({
    products: [{ id: f.productId, sku: "E2E-MUG", price: 9.5 }],
  });
  const conv = [`conversation_id=${f.conversationId}`, `product_id=${f.productId}`];
  const created = await call("create_cart", "--tool-arg", ...conv, "quantity=2");
  expect(created.structuredContent).toMatchObject({ cart: { itemCount: 2, total: 19 } });
  const got = await call("get_cart", "--tool-arg", `conversation_id=${f.conversationId}`);
  expect(got.structuredContent).toMatchObject({ cart: { items: [{ sku: "E2E-MUG", quantity: 2 }] } });
  const updated = await call("update_cart_item", "--tool-arg", ...conv, "quantity=1");
  expect(updated.structuredContent).toMatchObject({ cart: { itemCount: 1, total: 9.5 } });
  const product = await call("get_product", "--tool-arg", `product_id=${f.productId}`);
  expect(product.structuredContent).toMatchObject({ product: { stock: 19 } });
});

test("a read-only catalog key sees four tools and is refused writes", async () => {
  const f = fixture();
  const { tools } = await json<{ tools: { name: string }[] }>(
    overHttp(f.catalogReaderKey, "--method", "tools/list"),
  );
  expect(tools.map((t) => t.name)).toEqual(["get_workspace", "list_products", "get_product", "get_cart"]);
  const refused = await json<ToolResult>(
    overHttp(
      f.catalogReaderKey,
      "--method",
      "tools/call",
      "--tool-name",
      "create_cart",
      "--tool-arg",
      `conversation_id=${f.conversationId}`,
      `product_id=${f.productId}`,
      "quantity=1",
    ),
  );
  expect(refused.isError).toBe(true);
  expect(JSON.parse(refused.content[0]?.text ?? "{}")).toMatchObject({ error: { code: "forbidden" } });
});

test("a wrong key is refused with 401", async () => {
  const r = await overHttp(`sbk_AAAAAAAA_${"D".repeat(40)}`, "--method", "tools/list");
  expect(r.code).not.toBe(0);
  // The inspector prints the error body, not the status: check both.
  expect(`${r.stdout}${r.stderr}`).toContain('"code":"unauthorized"');
  const res = await fetch(fixture().mcpUrl, { method: "POST", headers: { authorization: "Bearer nope" } });
  expect(res.status).toBe(401);
  expect(res.headers.get("www-authenticate")).toContain('error="invalid_token"');
});

test("stdio: the inspector spawns mcp-server/stdio.ts with the key in the environment", async () => {
  const f = fixture();
  const stdio = (...args: string[]) =>
    inspector([
      "-e",
      `SWITCHBOARD_API_KEY=${f.key}`,
      "-e",
      `DATABASE_URL=${f.databaseUrl}`,
      "--",
      path.resolve("node_modules/.bin/tsx"),
      path.resolve("mcp-server/stdio.ts"),
      ...args,
    ]);
  const { tools } = await json<{ tools: { name: string }[] }>(stdio("--method", "tools/list"));
  expect(tools).toHaveLength(20);
  const info = await json<ToolResult>(stdio("--method", "tools/call", "--tool-name", "workspace_info"));
  expect(info.structuredContent).toMatchObject({ workspace: { id: f.workspaceId }, transport: "stdio" });
  const product = await json<ToolResult>(
    stdio("--method", "tools/call", "--tool-name", "get_product", "--tool-arg", `product_id=${f.productId}`),
  );
  expect(product.structuredContent).toMatchObject({ product: { sku: "E2E-MUG" } });
});
