"use client";

import { Search } from "lucide-react";
import type { AgentSummary } from "@/components/chat/types";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import type { ConversationPriority } from "@/lib/conversations/schema";
import { priorities, priorityLabels } from "./priority";

export interface InboxFilterState {
  q: string;
  agentId: string;
  status: "all" | "open" | "closed";
  priority: "all" | ConversationPriority;
  tag: string;
}

export const emptyFilters: InboxFilterState = {
  q: "",
  agentId: "all",
  status: "all",
  priority: "all",
  tag: "",
};

export function InboxFilters({
  value,
  onChange,
  agents,
}: {
  value: InboxFilterState;
  onChange: (next: InboxFilterState) => void;
  agents: AgentSummary[];
}) {
  const set = (patch: Partial<InboxFilterState>) => onChange({ ...value, ...patch });
  return (
    <div className="grid grid-cols-2 gap-2 sm:grid-cols-3 lg:flex">
      <div className="relative col-span-2 min-w-0 sm:col-span-3 lg:flex-1">
        <Search
          className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted-foreground"
          aria-hidden="true"
        />
        <Input
          type="search"
          aria-label="Search conversations"
          placeholder="Search titles and messages…"
          value={value.q}
          onChange={(e) => set({ q: e.target.value })}
          className="pl-8"
        />
      </div>
      <Select value={value.agentId} onValueChange={(agentId) => set({ agentId })}>
        <SelectTrigger aria-label="Agent" className="w-full min-w-0 lg:w-40">
          <SelectValue />
        </SelectTrigger>
        <SelectContent>
          <SelectItem value="all">All agents</SelectItem>
          {agents.map((a) => (
            <SelectItem key={a.id} value={a.id}>
              {a.name}
            </SelectItem>
          ))}
        </SelectContent>
      </Select>
      <Select
        value={value.status}
        onValueChange={(status) => set({ status: status as InboxFilterState["status"] })}
      >
        <SelectTrigger aria-label="Status" className="w-full min-w-0 lg:w-32">
          <SelectValue />
        </SelectTrigger>
        <SelectContent>
          <SelectItem value="all">Any status</SelectItem>
          <SelectItem value="open">Open</SelectItem>
          <SelectItem value="closed">Closed</SelectItem>
        </SelectContent>
      </Select>
      <Select
        value={value.priority}
        onValueChange={(priority) => set({ priority: priority as InboxFilterState["priority"] })}
      >
        <SelectTrigger aria-label="Priority" className="w-full min-w-0 lg:w-32">
          <SelectValue />
        </SelectTrigger>
        <SelectContent>
          <SelectItem value="all">Any priority</SelectItem>
          {priorities.map((p) => (
            <SelectItem key={p} value={p}>
              {priorityLabels[p]}
            </SelectItem>
          ))}
        </SelectContent>
      </Select>
      <Input
        aria-label="Tag"
        placeholder="Tag"
        maxLength={50}
        value={value.tag}
        onChange={(e) => set({ tag: e.target.value })}
        className="col-span-2 min-w-0 sm:col-span-1 lg:w-32"
      />
    </div>
  );
}
