import { CircleCheck } from "lucide-react";
import type { ImportResult } from "./types";

/** Rows written so far, as the server reports them after each committed batch. */
export function ImportProgress({ done, total }: { done: number; total: number | null }) {
  const percent = total ? Math.round((done / total) * 100) : 0;
  return (
    <div className="grid gap-1.5">
      <div
        role="progressbar"
        aria-label="Import progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        className="h-2 w-full overflow-hidden rounded-full bg-muted"
      >
        <div className="h-full bg-primary transition-[width]" style={{ width: `${percent}%` }} />
      </div>
      <p className="text-sm text-muted-foreground" aria-live="polite">
        {total === null ? "Uploading…" : `Imported ${done} of ${total} rows`}
      </p>
    </div>
  );
}

export function ImportSummary({ result }: { result: ImportResult }) {
  const rows = (n: number) => `${n} ${n === 1 ? "row" : "rows"}`;
  return (
    <div className="grid gap-3" data-testid="import-result">
      <p className="flex items-center gap-2 text-sm" role="status">
        <CircleCheck className="size-4 text-primary" aria-hidden="true" />
        {`Created ${result.created}, updated ${result.updated}.`}
      </p>
      {result.errors.length > 0 ? (
        <div className="grid gap-2 rounded-md border border-destructive/40 bg-destructive/5 p-3">
          <p className="text-sm font-medium text-destructive">{`${rows(result.errors.length)} not imported`}</p>
          <ul className="max-h-48 space-y-1 overflow-y-auto text-sm" aria-label="Rows not imported">
            {result.errors.map((e) => (
              <li key={`${e.row}-${e.message}`} className="break-words">
                <span className="font-medium">Row {e.row}:</span> {e.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
