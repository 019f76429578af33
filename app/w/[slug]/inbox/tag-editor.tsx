"use client";

import { Plus, X } from "lucide-react";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";

const MAX_TAG = 50;

/** Tags as removable chips plus an "Add tag" field; read-only when `onChange` is absent. */
export function TagEditor({
  tags,
  onChange,
  pending,
}: {
  tags: string[];
  onChange?: (tags: string[]) => void;
  pending?: boolean;
}) {
  const [draft, setDraft] = useState("");
  const add = () => {
    const tag = draft.trim();
    if (!tag || !onChange) return;
    setDraft("");
    if (!tags.includes(tag)) onChange([...tags, tag]);
  };

  return (
    <div className="flex min-w-0 flex-wrap items-center gap-1.5">
      {tags.length === 0 && !onChange ? <span className="text-sm text-muted-foreground">No tags</span> : null}
      {tags.map((tag) => (
        <Badge key={tag} variant="secondary" className="max-w-full gap-1 pr-1">
          <span className="truncate">{tag}</span>
          {onChange ? (
            <button
              type="button"
              aria-label={`Remove tag ${tag}`}
              disabled={pending}
              onClick={() => onChange(tags.filter((t) => t !== tag))}
              className="rounded-sm p-0.5 text-muted-foreground hover:bg-background hover:text-foreground disabled:opacity-50"
            >
              <X className="size-3" aria-hidden="true" />
            </button>
          ) : null}
        </Badge>
      ))}
      {onChange ? (
        <form
          className="flex items-center gap-1"
          onSubmit={(e) => {
            e.preventDefault();
            add();
          }}
        >
          <Input
            aria-label="Add tag"
            placeholder="Add tag…"
            maxLength={MAX_TAG}
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            className="h-7 w-28 text-xs md:text-xs"
          />
          <Button
            type="submit"
            variant="ghost"
            size="icon"
            className="size-7"
            aria-label="Save tag"
            disabled={!draft.trim() || pending}
          >
            <Plus aria-hidden="true" />
          </Button>
        </form>
      ) : null}
    </div>
  );
}
