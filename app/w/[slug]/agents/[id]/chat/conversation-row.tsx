"use client";

import { Ellipsis, Pencil, Trash2 } from "lucide-react";
import Link from "next/link";
import { useRef, useState } from "react";
import { conversationTitle, useUpdateConversation } from "@/components/chat/conversation-mutations";
import { chatHref } from "@/components/chat/query-keys";
import type { ConversationSummary } from "@/components/chat/types";
import { formatRelative } from "@/components/format";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { Input } from "@/components/ui/input";
import { cn } from "@/lib/utils";
import { DeleteConversationDialog } from "./delete-conversation-dialog";

export function ConversationRow({
  slug,
  agentId,
  conversation,
  active,
  canRename,
  canDelete,
  onNavigate,
  onDeleted,
}: {
  slug: string;
  agentId: string;
  conversation: ConversationSummary;
  active: boolean;
  canRename: boolean;
  canDelete: boolean;
  onNavigate?: () => void;
  onDeleted: (id: string) => void;
}) {
  const title = conversationTitle(conversation);
  const [renaming, setRenaming] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const update = useUpdateConversation(slug);
  // After picking an action, focus goes to the title field or the dialog, not back to the menu button.
  const picked = useRef(false);

  const rename = (value: string) => {
    setRenaming(false);
    const next = value.trim();
    if (next === (conversation.title ?? "")) return;
    update.mutate({ id: conversation.id, patch: { title: next || null } });
  };

  return (
    <li
      className={cn("group flex items-center gap-1 rounded-md pr-1 hover:bg-accent", active && "bg-accent")}
    >
      {renaming ? (
        <Input
          aria-label="Conversation title"
          autoFocus
          defaultValue={conversation.title ?? ""}
          placeholder={title}
          maxLength={200}
          className="m-1 h-8"
          onBlur={(e) => rename(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") rename(e.currentTarget.value);
            if (e.key === "Escape") {
              e.preventDefault();
              setRenaming(false);
            }
          }}
        />
      ) : (
        <Link
          href={chatHref(slug, agentId, conversation.id)}
          aria-current={active ? "page" : undefined}
          onClick={onNavigate}
          className="grid min-w-0 flex-1 gap-0.5 rounded-md px-2 py-1.5 outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50"
        >
          <span className="truncate text-sm font-medium">{title}</span>
          <span className="truncate text-xs text-muted-foreground">
            {formatRelative(conversation.lastMessageAt ?? conversation.createdAt)}
            {conversation.status === "closed" ? " · closed" : ""}
          </span>
        </Link>
      )}
      {!renaming && (canRename || canDelete) ? (
        <DropdownMenu modal={false}>
          <DropdownMenuTrigger asChild>
            <Button
              variant="ghost"
              size="icon"
              aria-label="Conversation options"
              className="size-7 shrink-0 text-muted-foreground [@media(hover:hover)]:opacity-0 [@media(hover:hover)]:group-focus-within:opacity-100 [@media(hover:hover)]:group-hover:opacity-100 data-[state=open]:opacity-100"
            >
              <Ellipsis aria-hidden="true" />
            </Button>
          </DropdownMenuTrigger>
          <DropdownMenuContent
            align="end"
            onCloseAutoFocus={(e) => {
              if (picked.current) e.preventDefault();
              picked.current = false;
            }}
          >
            {canRename ? (
              <DropdownMenuItem
                onSelect={() => {
                  picked.current = true;
                  setRenaming(true);
                }}
              >
                <Pencil aria-hidden="true" />
                Rename
              </DropdownMenuItem>
            ) : null}
            {canDelete ? (
              <DropdownMenuItem
                variant="destructive"
                onSelect={() => {
                  picked.current = true;
                  setConfirming(true);
                }}
              >
                <Trash2 aria-hidden="true" />
                Delete
              </DropdownMenuItem>
            ) : null}
          </DropdownMenuContent>
        </DropdownMenu>
      ) : null}
      <DeleteConversationDialog
        slug={slug}
        conversationId={conversation.id}
        title={title}
        open={confirming}
        onOpenChange={setConfirming}
        onDeleted={onDeleted}
      />
    </li>
  );
}
