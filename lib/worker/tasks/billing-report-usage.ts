import type { Task } from "graphile-worker";
import { reportMeteredUsage } from "../../billing/stripe/meter-report";
import type { Database } from "../../db/client";

/** Reports metered overage to Stripe (lib/billing/stripe/meter-report.ts); a no-op while billing is off. */
export function billingReportUsage(db: Database): Task {
  return async (_payload, helpers) => {
    const { sent, resent } = await reportMeteredUsage(db);
    if (sent || resent) helpers.logger.info(`billing_report_usage: ${sent} sent, ${resent} resent`);
  };
}
