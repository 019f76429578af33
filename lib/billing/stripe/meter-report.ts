import { sql } from "kysely";
import type Stripe from "stripe";
import type { Database } from "../../db/client";
import { runAsService } from "../../db/rls";
import { env } from "../../env";
import { isPlanId, limitOf } from "../plans";
import { stripeClient, stripeErrorCode } from "./client";

/**
 * Metered overage: messages (agent replies, the count the message limit
 * enforces) beyond a paid plan's monthly allowance, reported to a Stripe
 * Billing meter by the worker (task `billing_report_usage`).
 *
 * Exactly once across crashes and retries: each report is first written as a
 * `pending` row of public.billing_meter_reports (from → to cumulative
 * quantity) in its own transaction, then sent with an identifier derived from
 * workspace, meter, month and the cumulative quantity it reaches (also the
 * request's Idempotency-Key), then marked `sent`. A crash after Stripe took
 * the event leaves the row pending; the next run sends it again with the same
 * identifier and parameters, which Stripe answers without a second event, and
 * every new report starts where the highest recorded one ended, so no
 * quantity is reported twice or skipped. Reports of one workspace are made
 * under its billing row's lock, so two runs cannot both report one range.
 *
 * Months are calendar months in UTC (as the limits count them); Stripe bills
 * each event in the subscription period its timestamp falls in.
 */

export const MESSAGES_METER = "messages";

export interface MeterReportOptions {
  stripe?: Stripe;
  now?: Date;
  /**
   * Runs after Stripe accepted an event and before the row is marked sent:
   * the window a crash would hit (the tests inject one there).
   */
  afterSend?: (identifier: string) => void | Promise<void>;
}

export interface MeterReportResult {
  sent: number;
  resent: number;
}

interface ReportRow {
  id: string;
  workspace_id: string;
  /** YYYY-MM-DD, read as text: a `date` parsed into a Date would shift with the process's time zone. */
  period_start: string;
  from_quantity: string | number;
  to_quantity: string | number;
  identifier: string;
  stripe_customer_id: string;
  created_at: Date;
}

const REPORT_COLUMNS = [
  "id",
  "workspace_id",
  sql<string>`period_start::text`.as("period_start"),
  "from_quantity",
  "to_quantity",
  "identifier",
  "stripe_customer_id",
  "created_at",
] as const;

const monthStart = (d: Date, back = 0) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - back, 1));
const nextMonth = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
const ymd = (d: Date) => d.toISOString().slice(0, 10);

/** Stripe keeps identifiers up to 100 characters; ours is about 70. */
export function meterIdentifier(workspaceId: string, periodStart: Date, toQuantity: number): string {
  return `sb-${MESSAGES_METER}-${workspaceId}-${ymd(periodStart).slice(0, 7)}-${toQuantity}`;
}

/** The event's time: when the report was made, but inside its month (a late report of last month). */
function eventTimestamp(row: ReportRow): number {
  const end = nextMonth(new Date(`${row.period_start}T00:00:00Z`)).getTime() / 1000 - 1;
  return Math.min(Math.floor(row.created_at.getTime() / 1000), end);
}

async function send(db: Database, stripe: Stripe, row: ReportRow, opts: MeterReportOptions): Promise<void> {
  const value = Number(row.to_quantity) - Number(row.from_quantity);
  try {
    await stripe.billing.meterEvents.create(
      {
        event_name: env().STRIPE_METER_EVENT_MESSAGES,
        payload: { stripe_customer_id: row.stripe_customer_id, value: String(value) },
        identifier: row.identifier,
        timestamp: eventTimestamp(row),
      },
      { idempotencyKey: row.identifier },
    );
  } catch (e) {
    // Stripe already has an event with this identifier: the earlier attempt got through.
    if (stripeErrorCode(e) !== "resource_already_exists") throw e;
  }
  await opts.afterSend?.(row.identifier);
  await runAsService(
    "worker:meter-sent",
    (tx) =>
      tx
        .updateTable("billing_meter_reports")
        .set({ status: "sent", sent_at: new Date() })
        .where("id", "=", row.id)
        .execute(),
    db,
  );
}

/** Writes the next pending report of one workspace and month, or null when nothing new is over the allowance. */
async function nextReport(db: Database, workspaceId: string, periodStart: Date): Promise<ReportRow | null> {
  return runAsService(
    "worker:meter-plan",
    async (tx) => {
      const billing = await tx
        .selectFrom("workspace_billing")
        .select(["plan", "stripe_customer_id"])
        .where("workspace_id", "=", workspaceId)
        .forUpdate()
        .executeTakeFirst();
      if (!billing?.stripe_customer_id || !isPlanId(billing.plan)) return null;
      const included = limitOf(billing.plan, "message");
      if (included === null) return null;
      const { rows } = await sql<{ used: string; reported: string }>`
        select
          (select coalesce(sum(d.assistant_messages), 0) from public.usage_daily d
            where d.workspace_id = ${workspaceId}::uuid
              and d.day >= ${ymd(periodStart)}::date and d.day < ${ymd(nextMonth(periodStart))}::date) as used,
          (select coalesce(max(r.to_quantity), 0) from public.billing_meter_reports r
            where r.workspace_id = ${workspaceId}::uuid and r.meter = ${MESSAGES_METER}
              and r.period_start = ${ymd(periodStart)}::date) as reported`.execute(tx);
      const overage = Math.max(0, Number(rows[0]?.used ?? 0) - included);
      const reported = Number(rows[0]?.reported ?? 0);
      if (overage <= reported) return null;
      return (await tx
        .insertInto("billing_meter_reports")
        .values({
          workspace_id: workspaceId,
          meter: MESSAGES_METER,
          period_start: ymd(periodStart),
          from_quantity: reported,
          to_quantity: overage,
          identifier: meterIdentifier(workspaceId, periodStart, overage),
          stripe_customer_id: billing.stripe_customer_id,
        })
        .returning(REPORT_COLUMNS)
        .executeTakeFirstOrThrow()) as ReportRow;
    },
    db,
  );
}

export async function reportMeteredUsage(
  db: Database,
  opts: MeterReportOptions = {},
): Promise<MeterReportResult> {
  const e = env();
  const result: MeterReportResult = { sent: 0, resent: 0 };
  if (!e.STRIPE_SECRET_KEY || !e.STRIPE_PRICE_MESSAGES_OVERAGE) return result;
  const stripe = opts.stripe ?? stripeClient();
  const now = opts.now ?? new Date();

  // First what an earlier run wrote and may not have sent: same identifier, same parameters.
  const pending = (await runAsService(
    "worker:meter-pending",
    (tx) =>
      tx
        .selectFrom("billing_meter_reports")
        .select(REPORT_COLUMNS)
        .where("status", "=", "pending")
        .orderBy("created_at")
        .execute(),
    db,
  )) as ReportRow[];
  const failures: unknown[] = [];
  for (const row of pending) {
    try {
      await send(db, stripe, row, opts);
      result.resent++;
    } catch (err) {
      failures.push(err);
    }
  }

  const paying = await runAsService(
    "worker:meter-workspaces",
    (tx) =>
      tx
        .selectFrom("workspace_billing")
        .select("workspace_id")
        .where("plan", "!=", "free")
        .where("status", "in", ["active", "trialing", "past_due"])
        .where("stripe_customer_id", "is not", null)
        .execute(),
    db,
  );
  // Last month too: its final hours are reported in the first run of the new one.
  for (const period of [monthStart(now, 1), monthStart(now)]) {
    for (const { workspace_id } of paying) {
      try {
        const row = await nextReport(db, workspace_id, period);
        if (!row) continue;
        await send(db, stripe, row, opts);
        result.sent++;
      } catch (err) {
        failures.push(err);
      }
    }
  }
  // One workspace's failure does not hold up the others; the run fails (and is retried) after all were tried.
  if (failures.length > 0) {
    throw new AggregateError(failures, `billing_report_usage: ${failures.length} report(s) failed`);
  }
  return result;
}
