"use client";

import { PanelLeft, Plus } from "lucide-react";
import type { ReactNode } from "react";
import { AgentAvatar } from "@/components/chat/agent-avatar";
import type { AgentSummary } from "@/components/chat/types";
import type { RealtimeStatus } from "@/components/realtime/use-workspace-events";
import { Button } from "@/components/ui/button";
import { Sheet, SheetContent, SheetDescription, SheetTitle, SheetTrigger } from "@/components/ui/sheet";
import { TopBarPortal } from "../../../_components/top-bar-slot";

/**
 * The chat's title (the page's h1: the agent, with the conversation below) and actions, shown
 * in the shell's top bar so the chat has a single header. Below `lg` it also holds the
 * conversation list (in a sheet) and "New chat".
 */
export function ChatHeader({
  agent,
  title,
  realtime,
  sheetOpen,
  onSheetOpenChange,
  sidebar,
  onNewChat,
}: {
  agent: AgentSummary;
  title: string;
  realtime: RealtimeStatus;
  sheetOpen: boolean;
  onSheetOpenChange: (open: boolean) => void;
  sidebar: ReactNode;
  onNewChat?: () => void;
}) {
  return (
    <TopBarPortal>
      <Sheet open={sheetOpen} onOpenChange={onSheetOpenChange}>
        <SheetTrigger asChild>
          <Button variant="ghost" size="icon" className="shrink-0 lg:hidden" aria-label="Show conversations">
            <PanelLeft aria-hidden="true" />
          </Button>
        </SheetTrigger>
        <SheetContent side="left" className="w-80 max-w-[85vw] gap-0 p-0 pt-10">
          <SheetTitle className="sr-only">Conversations with {agent.name}</SheetTitle>
          <SheetDescription className="sr-only">
            Search, open, rename or delete conversations.
          </SheetDescription>
          {sidebar}
        </SheetContent>
      </Sheet>
      <AgentAvatar name={agent.name} avatar={agent.avatar} className="hidden sm:flex" />
      <div className="grid min-w-0 flex-1 leading-tight" data-testid="chat-title">
        <h1 className="truncate text-sm font-semibold">{agent.name}</h1>
        <p className="truncate text-xs text-muted-foreground">{title}</p>
      </div>
      {realtime === "reconnecting" ? (
        <span role="status" className="shrink-0 text-xs text-muted-foreground">
          Reconnecting…
        </span>
      ) : null}
      {onNewChat ? (
        <Button
          variant="outline"
          size="sm"
          className="size-9 shrink-0 p-0 sm:w-auto sm:px-3 lg:hidden"
          onClick={onNewChat}
        >
          <Plus aria-hidden="true" />
          <span className="sr-only sm:not-sr-only">New chat</span>
        </Button>
      ) : null}
    </TopBarPortal>
  );
}
