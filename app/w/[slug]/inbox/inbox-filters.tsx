"use client";

import { type Channel, channelLabels, channels } from "@/components/channels/channel-meta";
import type { AgentSummary } from "@/components/chat/types";
import { Input } from "@/components/ui/input";
import { OptionsSelect, optionsOf, type SelectOption } from "@/components/ui/options-select";
import { SearchInput } from "@/components/ui/search-input";
import type { ConversationPriority } from "@/lib/conversations/schema";
import { priorities, priorityLabels } from "./priority";

export interface InboxFilterState {
  q: string;
  agentId: string;
  status: "all" | "open" | "closed";
  priority: "all" | ConversationPriority;
  tag: string;
  channel: "all" | Channel;
  handledBy: "all" | "bot" | "human";
}

export const emptyFilters: InboxFilterState = {
  q: "",
  agentId: "all",
  status: "all",
  priority: "all",
  tag: "",
  channel: "all",
  handledBy: "all",
};

const channelOptions: SelectOption<InboxFilterState["channel"]>[] = [
  { value: "all", label: "All channels" },
  ...optionsOf(channels, channelLabels),
];

const handlerOptions: SelectOption<InboxFilterState["handledBy"]>[] = [
  { value: "all", label: "Bot or people" },
  { value: "human", label: "Handled by people" },
  { value: "bot", label: "Handled by the bot" },
];

const statusOptions: SelectOption<InboxFilterState["status"]>[] = [
  { value: "all", label: "Any status" },
  { value: "open", label: "Open" },
  { value: "closed", label: "Closed" },
];

const priorityOptions: SelectOption<InboxFilterState["priority"]>[] = [
  { value: "all", label: "Any priority" },
  ...optionsOf(priorities, priorityLabels),
];

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
      <SearchInput
        className="col-span-2 min-w-0 sm:col-span-3 lg:flex-1"
        aria-label="Search conversations"
        placeholder="Search titles and messages…"
        value={value.q}
        onChange={(e) => set({ q: e.target.value })}
      />
      <OptionsSelect
        aria-label="Agent"
        className="w-full min-w-0 lg:w-40"
        value={value.agentId}
        onValueChange={(agentId) => set({ agentId })}
        options={[
          { value: "all", label: "All agents" },
          ...agents.map((a) => ({ value: a.id, label: a.name })),
        ]}
      />
      <OptionsSelect
        aria-label="Channel"
        className="w-full min-w-0 lg:w-36"
        value={value.channel}
        onValueChange={(channel) => set({ channel })}
        options={channelOptions}
      />
      <OptionsSelect
        aria-label="Handled by"
        className="w-full min-w-0 lg:w-40"
        value={value.handledBy}
        onValueChange={(handledBy) => set({ handledBy })}
        options={handlerOptions}
      />
      <OptionsSelect
        aria-label="Status"
        className="w-full min-w-0 lg:w-32"
        value={value.status}
        onValueChange={(status) => set({ status })}
        options={statusOptions}
      />
      <OptionsSelect
        aria-label="Priority"
        className="w-full min-w-0 lg:w-32"
        value={value.priority}
        onValueChange={(priority) => set({ priority })}
        options={priorityOptions}
      />
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
