"use client";

import { PanelLeft, Plus } from "lucide-react";
import type { ReactNode } from "react";
import { AgentAvatar } from "@/components/chat/agent-avatar";
import type { AgentSummary } from "@/components/chat/types";
import type { RealtimeStatus } from "@/components/realtime/use-workspace-events";
import { Button } from "@/components/ui/button";
import { Sheet, SheetContent, SheetDescription, SheetTitle, SheetTrigger } from "@/components/ui/sheet";

/** Agent and conversation title; below `lg` it also holds the conversation list (in a sheet) and "New chat". */
export function ChatHeader({
  agent,
  title,
  realtime,
  sheetOpen,
  onSheetOpenChange,
  onSheetAutoFocus,
  sidebar,
  onNewChat,
}: {
  agent: AgentSummary;
  title: string;
  realtime: RealtimeStatus;
  sheetOpen: boolean;
  onSheetOpenChange: (open: boolean) => void;
  onSheetAutoFocus: (event: Event) => void;
  sidebar: ReactNode;
  onNewChat?: () => void;
}) {
  return (
    <div className="flex h-14 shrink-0 items-center gap-2 border-b px-2 sm:px-3">
      <Sheet open={sheetOpen} onOpenChange={onSheetOpenChange}>
        <SheetTrigger asChild>
          <Button variant="ghost" size="icon" className="lg:hidden" aria-label="Show conversations">
            <PanelLeft aria-hidden="true" />
          </Button>
        </SheetTrigger>
        <SheetContent
          side="left"
          className="w-80 max-w-[85vw] gap-0 p-0 pt-10"
          onOpenAutoFocus={onSheetAutoFocus}
        >
          <SheetTitle className="sr-only">Conversations with {agent.name}</SheetTitle>
          <SheetDescription className="sr-only">
            Search, open, rename or delete conversations.
          </SheetDescription>
          {sidebar}
        </SheetContent>
      </Sheet>
      <AgentAvatar name={agent.name} avatar={agent.avatar} />
      <div className="grid min-w-0 flex-1 leading-tight">
        <span className="truncate text-sm font-semibold">{agent.name}</span>
        <span className="truncate text-xs text-muted-foreground">{title}</span>
      </div>
      {realtime === "reconnecting" ? (
        <span role="status" className="shrink-0 text-xs text-muted-foreground">
          Reconnecting…
        </span>
      ) : null}
      {onNewChat ? (
        <Button variant="outline" size="sm" className="lg:hidden" onClick={onNewChat}>
          <Plus aria-hidden="true" />
          New chat
        </Button>
      ) : null}
    </div>
  );
}
