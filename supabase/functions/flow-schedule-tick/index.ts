// Supabase edge function: one scheduler pass, called every few seconds by
// pg_cron (through pg_net) on a Supabase deployment. The claim is
// lib/flows/triggers/schedule-core.ts — the code the worker's loop runs — over
// the same SQL (private.flow_schedule_claim / flow_schedule_commit), so a tick
// runs exactly once whether the worker, this function, or both are ticking.
//
// POST /functions/v1/flow-schedule-tick   (Authorization: Bearer $FLOWS_TICK_SECRET when set)
import { runScheduleTick } from "../../../lib/flows/triggers/schedule-core.ts";
import { db, json } from "../_shared/db.ts";

function authorized(req: Request): boolean {
  const secret = Deno.env.get("FLOWS_TICK_SECRET");
  if (!secret) return true;
  const given = req.headers.get("authorization") ?? "";
  const want = `Bearer ${secret}`;
  // Length first, then every byte: no early exit on the first difference.
  if (given.length !== want.length) return false;
  let diff = 0;
  for (let i = 0; i < want.length; i++) diff |= given.charCodeAt(i) ^ want.charCodeAt(i);
  return diff === 0;
}

Deno.serve(async (req) => {
  if (req.method !== "POST")
    return json(405, { error: { code: "method_not_allowed", message: "Use POST." } });
  if (!authorized(req))
    return json(401, { error: { code: "unauthorized", message: "Bad tick credentials." } });
  const client = await db().connect();
  try {
    const result = await runScheduleTick(client);
    return json(200, { triggers: result.triggers, runs: result.runs, skipped: result.skipped });
  } catch (err) {
    console.error("flow-schedule-tick failed", err);
    return json(500, { error: { code: "internal", message: "Something went wrong on our side." } });
  } finally {
    client.release();
  }
});
