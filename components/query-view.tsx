"use client";

import type { ReactNode } from "react";
import { QueryError } from "@/components/query-error";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";

/** Placeholder bars, all alike, while a list loads. */
export function Skeletons({
  count = 2,
  className,
  layout = "space-y-3",
}: {
  count?: number;
  /** Each bar's size, e.g. "h-10 w-full". */
  className: string;
  /** How the bars stack: rows ("space-y-3") or a grid of cards ("grid gap-4"). */
  layout?: string;
}) {
  return (
    <div className={layout} aria-busy="true">
      {Array.from({ length: count }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: static placeholders never reorder
        <Skeleton key={i} className={className} />
      ))}
    </div>
  );
}

/** What QueryView reads of a query (plain and infinite queries alike). */
interface QueryState<T> {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  data: T | undefined;
  refetch: () => unknown;
}

/**
 * A query's states in one place: `loading` while it loads, the error with "Try again", `empty`
 * when it is given (the caller decides, e.g. `list.length === 0 && <EmptyState …/>`), else
 * `children(data)`. `padded` wraps the error and the empty state (inside a TableCard).
 */
export function QueryView<T>({
  query,
  loading,
  empty,
  padded,
  children,
}: {
  query: QueryState<T>;
  loading: ReactNode;
  empty?: ReactNode;
  padded?: boolean;
  children: (data: T) => ReactNode;
}) {
  const box = (node: ReactNode) => (padded ? <div className="p-2">{node}</div> : node);
  if (query.isPending) return loading;
  if (query.isError) return box(<QueryError error={query.error} onRetry={() => query.refetch()} />);
  if (empty) return box(empty);
  return children(query.data as T);
}

/** A flat card around a table or list that runs to its edges. */
export function TableCard({ children }: { children: ReactNode }) {
  return (
    <Card className="py-2">
      <CardContent className="px-2 sm:px-4">{children}</CardContent>
    </Card>
  );
}

/** The "load more" button of a paged (infinite) query, and the error of a failed next page. */
export function LoadMore({
  query,
  label = "Load more",
}: {
  query: {
    hasNextPage: boolean;
    isFetchingNextPage: boolean;
    isFetchNextPageError: boolean;
    error: unknown;
    fetchNextPage: () => unknown;
  };
  label?: string;
}) {
  return (
    <>
      {query.hasNextPage ? (
        <div className="flex justify-center">
          <Button variant="outline" loading={query.isFetchingNextPage} onClick={() => query.fetchNextPage()}>
            {label}
          </Button>
        </div>
      ) : null}
      {query.isFetchNextPageError ? <QueryError error={query.error} /> : null}
    </>
  );
}
