import { Receipt } from "lucide-react";
import { EmptyState } from "@/components/empty-state";
import { formatDate } from "@/components/format";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableColumns, TableRow } from "@/components/ui/table";
import { type BillingOverviewJson, formatMoney } from "./billing-api";

export function InvoicesTable({ invoices }: { invoices: BillingOverviewJson["invoices"] }) {
  if (invoices.length === 0) {
    return (
      <EmptyState icon={Receipt} title="No invoices yet">
        Invoices appear here once the workspace subscribes to a paid plan.
      </EmptyState>
    );
  }
  return (
    <Table label="Invoices">
      <TableColumns columns={["Date", ["Number", "hidden sm:table-cell"], "Amount", "Status"]} actions />
      <TableBody>
        {invoices.map((i) => (
          <TableRow key={i.id} data-testid="invoice-row">
            <TableCell className="whitespace-nowrap">{formatDate(i.created)}</TableCell>
            <TableCell className="hidden sm:table-cell">{i.number ?? "—"}</TableCell>
            <TableCell className="whitespace-nowrap">{formatMoney(i.amountDue, i.currency)}</TableCell>
            <TableCell>
              <Badge variant={i.status === "paid" ? "secondary" : "outline"}>{i.status ?? "draft"}</Badge>
            </TableCell>
            <TableCell className="text-right">
              {i.hostedInvoiceUrl ? (
                <a
                  href={i.hostedInvoiceUrl}
                  target="_blank"
                  rel="noopener noreferrer"
                  className="text-sm font-medium underline-offset-4 hover:underline"
                >
                  View
                </a>
              ) : null}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
