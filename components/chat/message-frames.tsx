import type { ReactNode } from "react";
import { cn } from "@/lib/utils";
import { AgentAvatar } from "./agent-avatar";

/** Action buttons under a message: always shown on touch screens, on hover or focus elsewhere. */
export function MessageActions({
  children,
  pinned = false,
  className,
}: {
  children: ReactNode;
  /** Always visible, e.g. on the latest reply. */
  pinned?: boolean;
  className?: string;
}) {
  return (
    <div
      className={cn(
        "flex min-h-7 items-center gap-0.5 transition-opacity",
        !pinned &&
          "[@media(hover:hover)]:opacity-0 [@media(hover:hover)]:group-focus-within:opacity-100 [@media(hover:hover)]:group-hover:opacity-100",
        className,
      )}
    >
      {children}
    </div>
  );
}

/** The user's turn, right-aligned; `editor` replaces the bubble while it is being edited. */
export function UserMessageFrame({
  children,
  actions,
  editor,
}: {
  children: ReactNode;
  actions?: ReactNode;
  editor?: ReactNode;
}) {
  return (
    <div data-testid="message-user" className="group flex min-w-0 flex-col items-end gap-1">
      {editor ?? (
        <div className="max-w-[85%] whitespace-pre-wrap break-words rounded-2xl bg-muted px-4 py-2 [overflow-wrap:anywhere]">
          {children}
        </div>
      )}
      {actions && !editor ? <MessageActions>{actions}</MessageActions> : null}
    </div>
  );
}

/** The agent's turn, left-aligned with its avatar; content is full width so code and tables can breathe. */
export function AssistantMessageFrame({
  agentName,
  agentAvatar,
  children,
  footer,
}: {
  agentName: string;
  agentAvatar?: string | null;
  children: ReactNode;
  footer?: ReactNode;
}) {
  return (
    <div data-testid="message-assistant" className="group flex min-w-0 gap-3">
      <AgentAvatar name={agentName} avatar={agentAvatar} className="mt-0.5 hidden sm:flex" />
      <div className="grid min-w-0 flex-1 gap-1 [&>*]:min-w-0">
        <span className="sr-only">{agentName}:</span>
        {children}
        {footer}
      </div>
    </div>
  );
}
