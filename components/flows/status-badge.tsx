import { Badge } from "@/components/ui/badge";
import { cn } from "@/lib/utils";

const tone: Record<string, string> = {
  queued: "bg-muted text-muted-foreground",
  running: "bg-sky-100 text-sky-900 dark:bg-sky-950 dark:text-sky-100",
  waiting: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-100",
  succeeded: "bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100",
  failed: "bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-100",
  canceled: "bg-muted text-muted-foreground",
  skipped: "bg-muted text-muted-foreground",
};

/** A run's or a node's status, coloured and always spelled out (colour is never the only cue). */
export function StatusBadge({ status, className }: { status: string; className?: string }) {
  return (
    <Badge
      variant="outline"
      className={cn("border-transparent", tone[status], className)}
      data-status={status}
    >
      {status}
    </Badge>
  );
}
