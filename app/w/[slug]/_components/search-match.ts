export interface Searchable {
  label: string;
  keywords?: string;
}

/**
 * Items whose label or keywords contain every word of the query (case-insensitive),
 * labels that start with the query first. An empty query keeps all, in order.
 */
export function matchItems<T extends Searchable>(items: T[], query: string): T[] {
  const q = query.trim().toLowerCase();
  if (!q) return items;
  const words = q.split(/\s+/);
  const scored = items.flatMap((item, order) => {
    const label = item.label.toLowerCase();
    const haystack = `${label} ${item.keywords?.toLowerCase() ?? ""}`;
    if (!words.every((w) => haystack.includes(w))) return [];
    const rank = label.startsWith(q) ? 0 : label.includes(q) ? 1 : 2;
    return [{ item, rank, order }];
  });
  return scored.sort((a, b) => a.rank - b.rank || a.order - b.order).map((s) => s.item);
}
