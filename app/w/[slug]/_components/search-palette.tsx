"use client";

import { useQuery } from "@tanstack/react-query";
import { Bot, FileText, MessagesSquare, Search } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useId, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { api } from "@/components/api/client";
import { conversationTitle } from "@/components/chat/conversation-mutations";
import { useAgents } from "@/components/chat/queries";
import { chatHref, chatKeys, conversationsPath, inboxHref } from "@/components/chat/query-keys";
import type { ConversationPage } from "@/components/chat/types";
import { useDebouncedValue } from "@/components/chat/use-debounced-value";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogTitle } from "@/components/ui/dialog";
import { cn } from "@/lib/utils";
import { pageIcons } from "./nav-links";
import { matchItems } from "./search-match";
import { useCurrentWorkspace } from "./workspace-context";
import { workspacePages } from "./workspace-pages";

interface Result {
  id: string;
  group: "Pages" | "Agents" | "Conversations";
  label: string;
  detail?: string;
  href: string;
  icon: typeof Bot;
}

const GROUP_LIMIT = 6;
const noopSubscribe = () => () => {};
const isMac = () => /Mac|iPhone|iPad/.test(navigator.platform);

/** Typing in a field must keep its "/"; the shortcut only applies elsewhere. */
function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

/** Quick jump to a page, an agent or a conversation: the top bar's search, on "/" or Ctrl/Cmd+K. */
export function SearchPalette() {
  const [open, setOpen] = useState(false);
  const mac = useSyncExternalStore(noopSubscribe, isMac, () => false);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing) return;
      const combo = (e.metaKey || e.ctrlKey) && !e.altKey && e.key.toLowerCase() === "k";
      const slash = e.key === "/" && !e.metaKey && !e.ctrlKey && !e.altKey && !isEditable(e.target);
      if (combo || slash) {
        e.preventDefault();
        setOpen(true);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  return (
    <>
      <Button
        variant="outline"
        size="sm"
        aria-keyshortcuts="/ Control+K Meta+K"
        className="size-9 shrink-0 p-0 text-muted-foreground md:w-56 md:justify-start md:px-3"
        onClick={() => setOpen(true)}
      >
        <Search aria-hidden="true" />
        <span className="sr-only md:not-sr-only">Search</span>
        <kbd className="ml-auto hidden rounded border px-1 font-mono text-[10px] text-muted-foreground md:inline">
          {mac ? "⌘K" : "Ctrl K"}
        </kbd>
      </Button>
      <Dialog open={open} onOpenChange={setOpen}>
        <DialogContent
          showCloseButton={false}
          className="top-[12vh] translate-y-0 gap-0 overflow-hidden p-0 sm:max-w-xl"
        >
          <DialogTitle className="sr-only">Search</DialogTitle>
          <DialogDescription className="sr-only">
            Jump to a page, an agent or a conversation. Use the arrow keys to choose and Enter to open.
          </DialogDescription>
          {open ? <SearchPanel onDone={() => setOpen(false)} /> : null}
        </DialogContent>
      </Dialog>
    </>
  );
}

function SearchPanel({ onDone }: { onDone: () => void }) {
  const { slug, role, billingEnabled } = useCurrentWorkspace();
  const router = useRouter();
  const listId = useId();
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const q = useDebouncedValue(query.trim());
  const agents = useAgents(slug);
  // The server searches conversations (titles and messages); with no query, the most recent.
  const conversations = useQuery({
    queryKey: [...chatKeys.conversations(slug), "search", q],
    queryFn: ({ signal }) =>
      api<ConversationPage>(
        conversationsPath(slug, `?${new URLSearchParams({ limit: "5", ...(q ? { q } : {}) })}`),
        { signal },
      ),
    placeholderData: (previous) => previous,
  });

  const results = useMemo<Result[]>(() => {
    const pages = matchItems(workspacePages(slug, role, { billing: billingEnabled }), query).map((p) => ({
      id: `page-${p.key}`,
      group: "Pages" as const,
      label: p.label,
      href: p.href,
      icon: pageIcons[p.key] ?? FileText,
    }));
    const agentItems = matchItems(
      (agents.data?.agents ?? []).map((a) => ({ ...a, label: a.name })),
      query,
    ).map((a) => ({
      id: `agent-${a.id}`,
      group: "Agents" as const,
      label: a.name,
      detail: "Chat",
      href: chatHref(slug, a.id),
      icon: Bot,
    }));
    const convoItems = (conversations.data?.conversations ?? []).map((c) => ({
      id: `conversation-${c.id}`,
      group: "Conversations" as const,
      label: conversationTitle(c),
      href: c.agentId && c.channel === "web" ? chatHref(slug, c.agentId, c.id) : inboxHref(slug, c.id),
      icon: MessagesSquare,
    }));
    return [...pages.slice(0, GROUP_LIMIT), ...agentItems.slice(0, GROUP_LIMIT), ...convoItems];
  }, [slug, role, billingEnabled, query, agents.data, conversations.data]);

  const current = Math.min(active, Math.max(results.length - 1, 0));
  const optionId = (i: number) => `${listId}-option-${i}`;
  const listRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    listRef.current?.querySelector(`[id="${optionId(current)}"]`)?.scrollIntoView({ block: "nearest" });
  });

  const go = (result: Result | undefined) => {
    if (!result) return;
    onDone();
    router.push(result.href);
  };
  const loading = agents.isPending || conversations.isPending || q !== query.trim();

  return (
    <div className="grid">
      <div className="flex items-center gap-2 border-b px-3">
        <Search className="size-4 shrink-0 text-muted-foreground" aria-hidden="true" />
        <input
          role="combobox"
          aria-label="Search pages, agents and conversations"
          aria-expanded="true"
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={results.length ? optionId(current) : undefined}
          placeholder="Search pages, agents and conversations…"
          autoComplete="off"
          spellCheck={false}
          className="h-12 min-w-0 flex-1 bg-transparent text-base outline-none placeholder:text-muted-foreground md:text-sm"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          onKeyDown={(e) => {
            if (e.key === "ArrowDown" || e.key === "ArrowUp") {
              e.preventDefault();
              const step = e.key === "ArrowDown" ? 1 : -1;
              setActive((current + step + results.length) % Math.max(results.length, 1));
            } else if (e.key === "Enter") {
              e.preventDefault();
              go(results[current]);
            }
          }}
        />
      </div>
      <div
        ref={listRef}
        id={listId}
        role="listbox"
        aria-label="Results"
        className="max-h-[60vh] overflow-y-auto p-2 empty:hidden"
      >
        {(["Pages", "Agents", "Conversations"] as const).map((group) => {
          const items = results.map((r, i) => ({ r, i })).filter(({ r }) => r.group === group);
          if (!items.length) return null;
          return (
            // biome-ignore lint/a11y/useSemanticElements: inside a listbox a group must be role="group", not a fieldset.
            <div key={group} role="group" aria-label={group} className="mb-1">
              <div aria-hidden="true" className="px-2 pt-2 pb-1 text-xs font-medium text-muted-foreground">
                {group}
              </div>
              {items.map(({ r, i }) => (
                // biome-ignore lint/a11y/useKeyWithClickEvents: the combobox input owns the keyboard (arrows, Enter).
                <div
                  key={r.id}
                  id={optionId(i)}
                  role="option"
                  aria-selected={i === current}
                  tabIndex={-1}
                  className={cn(
                    "flex cursor-pointer items-center gap-2 rounded-md px-2 py-2 text-sm",
                    i === current && "bg-accent text-accent-foreground",
                  )}
                  onMouseMove={() => i !== current && setActive(i)}
                  onClick={() => go(r)}
                >
                  <r.icon className="size-4 shrink-0 text-muted-foreground" aria-hidden="true" />
                  <span className="min-w-0 flex-1 truncate">{r.label}</span>
                  {r.detail ? (
                    <span className="shrink-0 truncate text-xs text-muted-foreground">{r.detail}</span>
                  ) : null}
                </div>
              ))}
            </div>
          );
        })}
      </div>
      <p role="status" className="px-4 pb-3 text-center text-sm text-muted-foreground empty:hidden">
        {results.length === 0 ? (loading ? "Searching…" : `Nothing matches “${query.trim()}”.`) : ""}
      </p>
    </div>
  );
}
