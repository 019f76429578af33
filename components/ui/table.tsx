import type * as React from "react";
import { cn } from "@/lib/utils";
import { ScrollRegion } from "./scroll-region";
import { slotted } from "./slotted";

/**
 * The wrapper scrolls sideways on its own so a wide table never widens the page; when it does
 * scroll it is a focusable region named by `label` (what the table lists, e.g. "API keys").
 */
export function Table({ className, label, ...props }: React.ComponentProps<"table"> & { label: string }) {
  return (
    <ScrollRegion label={label} data-slot="table-container">
      <table data-slot="table" className={cn("w-full caption-bottom text-sm", className)} {...props} />
    </ScrollRegion>
  );
}

export const TableHeader = slotted("thead", "table-header", "[&_tr]:border-b");

export const TableBody = slotted("tbody", "table-body", "[&_tr:last-child]:border-0");

export const TableRow = slotted(
  "tr",
  "table-row",
  "border-b transition-colors hover:bg-muted/50 data-[state=selected]:bg-muted",
);

export const TableHead = slotted(
  "th",
  "table-head",
  "h-10 whitespace-nowrap px-2 text-left align-middle font-medium text-foreground",
);

export const TableCell = slotted("td", "table-cell", "p-2 align-middle");

export const TableCaption = slotted("caption", "table-caption", "mt-4 text-sm text-muted-foreground");

/** A column heading, or a heading with its classes (alignment, which widths show it). */
export type TableColumn = string | readonly [label: string, className: string];

/** The header row from a list of columns; `actions` ends it with an unlabelled column for row buttons. */
export function TableColumns({
  columns,
  actions = false,
}: {
  columns: readonly TableColumn[];
  actions?: boolean;
}) {
  return (
    <TableHeader>
      <TableRow>
        {columns.map((column) => {
          const [label, className] = typeof column === "string" ? [column, undefined] : column;
          return (
            <TableHead key={label} className={className}>
              {label}
            </TableHead>
          );
        })}
        {actions ? (
          <TableHead>
            <span className="sr-only">Actions</span>
          </TableHead>
        ) : null}
      </TableRow>
    </TableHeader>
  );
}
