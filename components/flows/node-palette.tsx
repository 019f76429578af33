"use client";

import { Plus } from "lucide-react";
import type { NodeTypeInfo } from "./api-types";

const CATEGORY_ORDER = ["trigger", "ai", "action", "logic", "data", "human"];
const rank = (c: string) => (CATEGORY_ORDER.includes(c) ? CATEGORY_ORDER.indexOf(c) : 99);

export const PALETTE_MIME = "application/x-switchboard-node-type";

/** Node types by category; click adds one to the canvas, or drag it to a spot. */
export function NodePalette({ types, onAdd }: { types: NodeTypeInfo[]; onAdd: (type: string) => void }) {
  const groups = new Map<string, NodeTypeInfo[]>();
  for (const t of types) groups.set(t.category, [...(groups.get(t.category) ?? []), t]);
  const ordered = [...groups.keys()].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return (
    <nav aria-label="Node types" className="grid gap-4">
      {ordered.map((cat) => (
        <section key={cat} className="grid gap-1">
          <h3 className="text-xs font-semibold uppercase tracking-wide text-muted-foreground">{cat}</h3>
          <ul className="grid gap-1">
            {(groups.get(cat) ?? []).map((t) => (
              <li key={t.type}>
                <button
                  type="button"
                  draggable
                  onDragStart={(e) => {
                    e.dataTransfer.setData(PALETTE_MIME, t.type);
                    e.dataTransfer.effectAllowed = "move";
                  }}
                  onClick={() => onAdd(t.type)}
                  title={t.description}
                  className="flex w-full items-center gap-2 rounded-md border bg-card px-2 py-1.5 text-left text-sm hover:bg-accent focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
                >
                  <Plus className="size-3.5 shrink-0 text-muted-foreground" aria-hidden="true" />
                  <span className="truncate">Add {t.label}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </nav>
  );
}
