import { formatDateTime, formatRelative } from "@/components/format";
import type { BillingOverviewJson } from "./billing-api";

/** What happened to the subscription (payments, cancellations), newest first. */
export function NoticesList({ notices }: { notices: BillingOverviewJson["notices"] }) {
  if (notices.length === 0) return <p className="text-sm text-muted-foreground">Nothing has happened yet.</p>;
  return (
    <ul className="divide-y text-sm">
      {notices.map((n) => (
        <li
          key={n.id}
          className="flex flex-col gap-0.5 py-2 sm:flex-row sm:gap-4"
          data-testid="billing-notice"
        >
          <time
            dateTime={n.createdAt}
            title={formatDateTime(n.createdAt)}
            className="shrink-0 text-muted-foreground sm:w-32"
          >
            {formatRelative(n.createdAt)}
          </time>
          <span className="min-w-0">{n.message}</span>
        </li>
      ))}
    </ul>
  );
}
