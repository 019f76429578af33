// Latency of an authenticated, workspace-scoped API call (session check, role
// check, RLS transaction) against /api/health on the same server and run.
import { type Metric, writeResult } from "./lib/result";
import { startBenchServer } from "./lib/server";
import { measure, summarize } from "./lib/stats";

export async function run(command: string) {
  const server = await startBenchServer();
  try {
    const origin = server.baseUrl;
    const res = await fetch(`${origin}/api/auth/sign-up`, {
      method: "POST",
      headers: { "content-type": "application/json", origin },
      body: JSON.stringify({
        email: `bench-${Date.now()}@example.test`,
        password: "bench-password-1",
        workspaceName: "Bench",
      }),
    });
    if (res.status !== 201) throw new Error(`sign-up failed: ${res.status} ${await res.text()}`);
    const cookie = res.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const { workspace } = (await res.json()) as { workspace: { slug: string } };

    const get =
      (path: string, headers: Record<string, string> = {}) =>
      async () => {
        const r = await fetch(`${origin}${path}`, { headers });
        if (!r.ok) throw new Error(`${path}: ${r.status}`);
        await r.arrayBuffer();
      };
    const workspaceCall = get(`/api/workspaces/${workspace.slug}/members`, { cookie });
    const baselineCall = get("/api/health");
    await measure(200, 4, workspaceCall); // warm-up: JIT, pool, route compilation
    await measure(200, 4, baselineCall);

    const metrics: Metric[] = [];
    for (const concurrency of [1, 20]) {
      const total = concurrency === 1 ? 500 : 2000;
      const base = summarize(await measure(total, concurrency, baselineCall));
      const ws = summarize(await measure(total, concurrency, workspaceCall));
      metrics.push({
        name: `GET members (auth + RLS), ${concurrency} concurrent`,
        unit: "ms",
        p50: ws.p50,
        p95: ws.p95,
        p99: ws.p99,
        baseline: { name: "GET /api/health", p50: base.p50, p95: base.p95, p99: base.p99 },
        ratio: { p50: round(ws.p50 / base.p50), p95: round(ws.p95 / base.p95) },
        target: "p95 < 200 ms (seed 003)",
      });
    }
    return writeResult("api-latency", command, metrics);
  } finally {
    await server.stop();
  }
}

const round = (v: number) => Math.round(v * 100) / 100;
