import { type Kysely, sql } from "kysely";
import type { DB } from "../db/types";
import { billingEnabled, env } from "../env";
import { AppError } from "../errors";
import { listenForPlanChanges } from "./plan-listener";
import {
  billsOverage,
  isPlanId,
  LIMIT_KINDS,
  type LimitKind,
  limitOf,
  PLANS,
  type PlanId,
  WARN_RATIO,
} from "./plans";

/**
 * "May this workspace do X now?" — the one answer every surface asks (chat
 * turns, agent create, invitations, flow runs). Reads run as the service
 * (the caller has already been authorized for the workspace it passes); the
 * workspace id is in every query.
 *
 * Cheap on the chat path: the effective plan and the monthly counters are
 * cached per process for a few seconds, and a cached count is trusted only
 * while the workspace is well below its limit (each allowed turn adds to
 * it). Near the limit every check reads the counters again, so the limit
 * holds to within the turns other processes start in the same moment. A
 * change of plan anywhere (the Stripe webhook) reaches every process's cache
 * at once through a NOTIFY on workspace_billing (./plan-listener.ts).
 */

export type BillingStatus = "active" | "trialing" | "past_due" | "canceled" | "none";

export interface BillingRow {
  plan: string;
  status: string;
  grace_until: Date | null;
  current_period_end: Date | null;
  updated_at: Date;
}

export interface LimitCheck {
  allowed: boolean;
  /** null = unlimited (or billing off). */
  limit: number | null;
  used: number;
  /** At or above 80% of the limit, counting what this check would add. */
  warn: boolean;
}

export interface PlanLimitDetails {
  kind: LimitKind;
  plan: PlanId;
  limit: number;
  used: number;
  upgradeUrl: string;
}

type Db = Kysely<DB>;

const TTL_MS = 5_000;

/**
 * Past-due subscriptions keep their plan until grace_until; with no
 * grace_until recorded, for BILLING_GRACE_DAYS after the row last changed.
 */
export function effectivePlan(row: BillingRow | undefined, now: Date, graceDays: number): PlanId {
  if (!row || !isPlanId(row.plan)) return "free";
  if (row.status === "active" || row.status === "trialing") return row.plan;
  if (row.status === "past_due") {
    const until = row.grace_until ?? new Date(row.updated_at.getTime() + graceDays * 86_400_000);
    return until.getTime() > now.getTime() ? row.plan : "free";
  }
  return "free";
}

/** Where an owner or admin upgrades: the workspace's billing page. */
export function upgradeUrl(slug: string): string {
  return new URL(`/w/${encodeURIComponent(slug)}/billing`, env().APP_URL).toString();
}

// ------------------------------------------------------------------- usage

/** First instant of the current month, UTC (usage_daily's days are UTC). */
const MONTH_START = sql`date_trunc('month', now(), 'UTC')`;

/** The SQL that counts one kind of usage for workspace `ws`; each is one index range scan. */
function usedSql(kind: LimitKind, ws: string) {
  switch (kind) {
    case "message":
      // Replies that failed (status error) are not charged to the plan.
      return sql<string>`(select coalesce(sum(d.assistant_messages - d.errors), 0) from public.usage_daily d
        where d.workspace_id = ${ws}::uuid and d.day >= (${MONTH_START} at time zone 'UTC')::date)`;
    case "agent":
      return sql<string>`(select count(*) from public.agents a where a.workspace_id = ${ws}::uuid)`;
    case "member":
      // Seats promised count too: an invitation holds a seat until it is accepted or expires.
      return sql<string>`((select count(*) from public.workspace_members m where m.workspace_id = ${ws}::uuid)
        + (select count(*) from public.invitations i where i.workspace_id = ${ws}::uuid
             and i.accepted_at is null and i.expires_at > now()))`;
    case "flow_run":
      // A run refused at the limit is recorded (failed, plan_limit) but does not count.
      return sql<string>`(select count(*) from public.flow_runs r where r.workspace_id = ${ws}::uuid
        and r.created_at >= ${MONTH_START} and r.parent_run_id is null
        and not (r.status = 'failed' and r.error ->> 'code' = 'plan_limit'))`;
  }
}

/** This month's (or the current) usage of each kind, read now. */
export async function usageOf(db: Db, workspaceId: string): Promise<Record<LimitKind, number>> {
  const { rows } = await sql<Record<LimitKind, string>>`select
      ${usedSql("message", workspaceId)} as message, ${usedSql("agent", workspaceId)} as agent,
      ${usedSql("member", workspaceId)} as member, ${usedSql("flow_run", workspaceId)} as flow_run`.execute(
    db,
  );
  const r = rows[0];
  return Object.fromEntries(LIMIT_KINDS.map((k) => [k, Number(r?.[k] ?? 0)])) as Record<LimitKind, number>;
}

// ------------------------------------------------------------ plan + cache

export interface WorkspacePlan {
  plan: PlanId;
  slug: string;
  billing: BillingRow | undefined;
}

interface Cached {
  wp: WorkspacePlan;
  used: Partial<Record<LimitKind, number>>;
  at: number;
}

const store = globalThis as unknown as {
  __switchboardBillingCache?: Map<string, Cached>;
  __switchboardBillingEpoch?: number;
};
const cache = (): Map<string, Cached> => {
  store.__switchboardBillingCache ??= new Map();
  return store.__switchboardBillingCache;
};
/** Bumped by every invalidation: a read that started before one must not be cached after it. */
const epoch = () => store.__switchboardBillingEpoch ?? 0;

/** Keeps this process's cache in step with plan changes made anywhere (the Stripe webhook, an operator). */
function watchPlanChanges(): void {
  const url = env().DATABASE_URL;
  if (url) listenForPlanChanges(url, invalidateBillingCache);
}

/**
 * Forget what this process cached about a workspace's plan and usage (all
 * workspaces when none is given). The billing writers call it after changing
 * workspace_billing; other processes see the change within a few seconds.
 */
export function invalidateBillingCache(workspaceId?: string): void {
  store.__switchboardBillingEpoch = epoch() + 1;
  if (workspaceId) cache().delete(workspaceId);
  else cache().clear();
}

interface PlanAndUsedRow {
  slug: string;
  plan: string | null;
  status: string | null;
  grace_until: Date | null;
  current_period_end: Date | null;
  updated_at: Date | null;
  used: string | null;
}

async function readPlan(db: Db, workspaceId: string, kind: LimitKind | null): Promise<Cached | undefined> {
  const { rows } = await sql<PlanAndUsedRow>`
    select w.slug, b.plan, b.status, b.grace_until, b.current_period_end, b.updated_at,
           ${kind ? usedSql(kind, workspaceId) : sql`null`} as used
      from public.workspaces w left join public.workspace_billing b on b.workspace_id = w.id
     where w.id = ${workspaceId}::uuid`.execute(db);
  const r = rows[0];
  if (!r) return undefined;
  const billing: BillingRow | undefined =
    r.plan && r.status && r.updated_at
      ? {
          plan: r.plan,
          status: r.status,
          grace_until: r.grace_until,
          current_period_end: r.current_period_end,
          updated_at: r.updated_at,
        }
      : undefined;
  const wp = { plan: effectivePlan(billing, new Date(), env().BILLING_GRACE_DAYS), slug: r.slug, billing };
  return { wp, used: kind ? { [kind]: Number(r.used ?? 0) } : {}, at: Date.now() };
}

/** The workspace's effective plan (cached a few seconds); not_found for an unknown workspace. */
export async function workspacePlan(db: Db, workspaceId: string): Promise<WorkspacePlan> {
  watchPlanChanges();
  const hit = cache().get(workspaceId);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.wp;
  const started = epoch();
  const fresh = await readPlan(db, workspaceId, null);
  if (!fresh) throw new AppError("not_found", "Workspace not found.");
  if (epoch() === started) cache().set(workspaceId, fresh);
  return fresh.wp;
}

/** Only these counters change often and are read on hot paths; the others are read fresh each time. */
const CACHED_KINDS: ReadonlySet<LimitKind> = new Set(["message", "flow_run"]);

/** How far below its limit a cached count must be to be trusted without reading it again. */
const margin = (limit: number) => Math.max(5, Math.ceil(limit * 0.02));

const UNLIMITED: LimitCheck = Object.freeze({ allowed: true, limit: null, used: 0, warn: false });

function answer(limit: number | null, used: number, add: number, overage = false): LimitCheck {
  if (limit === null) return { allowed: true, limit, used, warn: false };
  // An allowance billed as overage (paid plans' messages) warns past 80% but never refuses.
  return { allowed: overage || used + add <= limit, limit, used, warn: used + add >= limit * WARN_RATIO };
}

/**
 * Whether the workspace may add `add` more of `kind` now. Billing off
 * (no STRIPE_SECRET_KEY): always allowed, unlimited. `add = 0` asks whether
 * what exists is within the limit (accepting an invitation that already
 * holds its seat).
 */
export async function checkLimit(db: Db, workspaceId: string, kind: LimitKind, add = 1): Promise<LimitCheck> {
  if (!billingEnabled()) return UNLIMITED;
  return (await check(db, workspaceId, kind, add, false)).result;
}

async function check(
  db: Db,
  workspaceId: string,
  kind: LimitKind,
  add: number,
  /** The caller goes on to create what it asked about: count it in the cached figure. */
  reserve: boolean,
): Promise<{ result: LimitCheck; wp: WorkspacePlan }> {
  watchPlanChanges();
  const now = Date.now();
  let entry = cache().get(workspaceId);
  if (entry && now - entry.at >= TTL_MS) entry = undefined;
  const cachedUsed = entry?.used[kind];
  if (entry && cachedUsed !== undefined && CACHED_KINDS.has(kind)) {
    const limit = limitOf(entry.wp.plan, kind);
    // An overage allowance never refuses, so its cached count is good enough however close it is.
    const soft = billsOverage(entry.wp.plan, kind, env());
    if (limit === null || soft || limit - (cachedUsed + add) >= margin(limit)) {
      const result = answer(limit, cachedUsed, add, soft);
      // Count what this process lets through, so the cached figure keeps up between reads.
      if (reserve) entry.used[kind] = cachedUsed + add;
      return { result, wp: entry.wp };
    }
  }
  const started = epoch();
  const fresh = await readPlan(db, workspaceId, kind);
  if (!fresh) throw new AppError("not_found", "Workspace not found.");
  if (epoch() !== started) {
    // The plan changed while this read ran: answer from it, but cache nothing that may predate the change.
    return {
      result: answer(
        limitOf(fresh.wp.plan, kind),
        fresh.used[kind] ?? 0,
        add,
        billsOverage(fresh.wp.plan, kind, env()),
      ),
      wp: fresh.wp,
    };
  }
  // A fresh read renews the plan too; other kinds' counts stay only while the plan's entry is young.
  const used = fresh.used[kind] ?? 0;
  const result = answer(limitOf(fresh.wp.plan, kind), used, add, billsOverage(fresh.wp.plan, kind, env()));
  const keep = entry ? { ...entry.used } : {};
  cache().set(workspaceId, {
    wp: fresh.wp,
    used: CACHED_KINDS.has(kind) ? { ...keep, [kind]: used + (reserve && result.allowed ? add : 0) } : keep,
    at: entry?.at ?? fresh.at,
  });
  return { result, wp: fresh.wp };
}

const NOUN: Record<LimitKind, (n: number) => string> = {
  message: (n) => `${n} message${n === 1 ? "" : "s"} this month`,
  agent: (n) => `${n} agent${n === 1 ? "" : "s"}`,
  member: (n) => `${n} seat${n === 1 ? "" : "s"} (members and pending invitations)`,
  flow_run: (n) => `${n} flow run${n === 1 ? "" : "s"} this month`,
};

/** The 402 a refused check answers: what was hit, how much is used, and where to upgrade. */
export function planLimitError(kind: LimitKind, plan: PlanId, check: LimitCheck, slug: string): AppError {
  const limit = check.limit ?? 0;
  const details: PlanLimitDetails = { kind, plan, limit, used: check.used, upgradeUrl: upgradeUrl(slug) };
  return new AppError(
    "plan_limit",
    `This workspace has reached its ${PLANS[plan].name} plan's limit of ${NOUN[kind](limit)}. ` +
      "Upgrade the plan to continue.",
    { details },
  );
}

/** checkLimit, throwing `plan_limit` (HTTP 402, with limit, used and upgradeUrl) when refused. */
export async function assertWithinLimit(
  db: Db,
  workspaceId: string,
  kind: LimitKind,
  add = 1,
): Promise<LimitCheck> {
  if (!billingEnabled()) return UNLIMITED;
  const { result, wp } = await check(db, workspaceId, kind, add, true);
  if (!result.allowed) throw planLimitError(kind, wp.plan, result, wp.slug);
  return result;
}
