"use client";

import { Check, Copy, RefreshCw } from "lucide-react";
import { useEffect, useState } from "react";
import { toast } from "sonner";
import { AssistantBody } from "@/components/chat/assistant-body";
import { AssistantMessageFrame, MessageActions } from "@/components/chat/message-frames";
import { MessageMeta } from "@/components/chat/message-meta";
import { textOf } from "@/components/chat/messages";
import type { ChatMessage } from "@/components/chat/types";
import { Button } from "@/components/ui/button";

function CopyButton({ text }: { text: string }) {
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 1500);
    return () => clearTimeout(timer);
  }, [copied]);
  return (
    <Button
      variant="ghost"
      size="sm"
      className="h-7 px-2 text-muted-foreground"
      onClick={() =>
        navigator.clipboard.writeText(text).then(
          () => setCopied(true),
          () => toast.error("Could not copy to the clipboard."),
        )
      }
    >
      {copied ? <Check aria-hidden="true" /> : <Copy aria-hidden="true" />}
      {copied ? "Copied" : "Copy"}
    </Button>
  );
}

/** The agent's turn with Copy, Regenerate (last reply only) and its meta line. */
export function AssistantMessage({
  message,
  agentName,
  agentAvatar,
  streaming,
  error,
  onRetry,
  onRegenerate,
}: {
  message: ChatMessage;
  agentName: string;
  agentAvatar?: string | null;
  streaming: boolean;
  error?: string | null;
  onRetry?: () => void;
  onRegenerate?: () => void;
}) {
  const text = textOf(message);
  const failed = Boolean(error) || message.metadata?.status === "error";
  const showActions = !streaming && (text || (onRegenerate && !failed));
  return (
    <AssistantMessageFrame
      agentName={agentName}
      agentAvatar={agentAvatar}
      footer={
        showActions ? (
          <div className="flex min-w-0 flex-wrap items-center gap-x-3">
            <MessageMeta meta={message.metadata} />
            <MessageActions pinned={Boolean(onRegenerate)} className="-ml-2">
              {text ? <CopyButton text={text} /> : null}
              {onRegenerate && !failed ? (
                <Button
                  variant="ghost"
                  size="sm"
                  className="h-7 px-2 text-muted-foreground"
                  onClick={onRegenerate}
                >
                  <RefreshCw aria-hidden="true" />
                  Regenerate
                </Button>
              ) : null}
            </MessageActions>
          </div>
        ) : null
      }
    >
      <AssistantBody message={message} streaming={streaming} error={error} onRetry={onRetry} />
    </AssistantMessageFrame>
  );
}
