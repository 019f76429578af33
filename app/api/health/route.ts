import { sql } from "kysely";
import { getDb } from "@/lib/db/client";
import { withPublic } from "@/lib/http/handler";
import { json } from "@/lib/http/respond";
import { logger } from "@/lib/logger";

export const dynamic = "force-dynamic";
const startedAt = Date.now();

export const GET = withPublic(async () => {
  const t0 = performance.now();
  let database: { status: "ok" | "down"; latencyMs?: number; migrations?: number } = { status: "down" };
  try {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from supabase_migrations.schema_migrations`.execute(getDb());
    database = {
      status: "ok",
      latencyMs: Math.round((performance.now() - t0) * 100) / 100,
      migrations: rows[0]?.n,
    };
  } catch (e) {
    logger.error({ err: e }, "health: database unreachable");
  }
  const ok = database.status === "ok";
  return json(
    {
      status: ok ? "ok" : "degraded",
      app: {
        status: "ok",
        version: process.env.npm_package_version ?? "0.1.0",
        uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      },
      database,
    },
    ok ? 200 : 503,
    { "cache-control": "no-store" },
  );
});
