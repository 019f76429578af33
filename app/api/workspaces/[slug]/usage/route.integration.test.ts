// GET /usage through the route, as the overview dashboard calls it: the
// answer is checked against lib/usage/contract.ts (operation-routes under test).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAgent } from "@/lib/agents";
import { startConversation } from "@/lib/conversations";
import { closeDb } from "@/lib/db/client";
import { runAsService } from "@/lib/db/rls";
import { call, seedRouteWorkspace, type TestWorkspace } from "../../../../../test/http/web-api-kit";
import { GET, POST } from "./route";

let a: TestWorkspace;
let b: TestWorkspace;

beforeAll(async () => {
  [a, b] = await Promise.all([seedRouteWorkspace("usage-route-a"), seedRouteWorkspace("usage-route-b")]);
  const scope = a.users.member.scope(a.id);
  const agent = await createAgent(scope, { name: "Counted" });
  const conv = await startConversation(scope, { agentId: agent.id });
  await runAsService("test:usage-route", (tx) =>
    tx
      .insertInto("messages")
      .values([
        { workspace_id: a.id, conversation_id: conv.id, role: "user", agent_id: agent.id, parts: "[]" },
        {
          workspace_id: a.id,
          conversation_id: conv.id,
          role: "assistant",
          agent_id: agent.id,
          parts: "[]",
          input_tokens: 12,
          output_tokens: 30,
          cost: "0.0025",
          latency_first_token_ms: 200,
          status: "complete",
        },
      ])
      .execute(),
  );
});

afterAll(closeDb);

const path = () => `/api/workspaces/${a.slug}/usage`;

describe("GET /usage", () => {
  it("a viewer reads the range's totals, days and agents", async () => {
    const res = await call(GET, "GET", path(), {
      user: a.users.viewer,
      params: { slug: a.slug },
      search: "days=7",
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      days: 7,
      totals: { messages: 2, inputTokens: 12, outputTokens: 30, cost: 0.0025, errors: 0, errorRate: 0 },
      agents: [{ name: "Counted", messages: 2, tokens: 42, cost: 0.0025, errors: 0 }],
    });
    expect(res.json.daily).toHaveLength(7);
    const fallback = await call(GET, "GET", path(), { user: a.users.viewer, params: { slug: a.slug } });
    expect(fallback.json.days).toBe(30);
  });

  it("answers 400 for a range it does not offer or an unknown parameter, 404 outside the workspace", async () => {
    for (const search of ["days=8", "days=abc", "day=7"]) {
      const res = await call(GET, "GET", path(), { user: a.users.viewer, params: { slug: a.slug }, search });
      expect({ search, status: res.status, code: res.code }).toEqual({
        search,
        status: 400,
        code: "validation_failed",
      });
    }
    const outsider = await call(GET, "GET", path(), { user: b.users.owner, params: { slug: a.slug } });
    expect(outsider.status).toBe(404);
    const post = await call(POST, "POST", path(), {
      user: a.users.owner,
      params: { slug: a.slug },
      body: {},
    });
    expect(post.status).toBe(405);
  });
});
