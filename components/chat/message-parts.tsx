"use client";

import { getToolOrDynamicToolName, isToolOrDynamicToolUIPart } from "ai";
import { Markdown } from "./markdown";
import { ToolCall } from "./tool-call";
import type { ChatMessage } from "./types";

/** An assistant reply's parts in order: markdown text and inline tool calls. */
export function MessageParts({ message }: { message: ChatMessage }) {
  return (
    <div className="grid min-w-0 gap-2 [&>*]:min-w-0">
      {message.parts.map((part, i) => {
        if (part.type === "text") {
          // biome-ignore lint/suspicious/noArrayIndexKey: parts only ever grow at the end
          return part.text ? <Markdown key={i} text={part.text} /> : null;
        }
        if (part.type === "reasoning" && part.text) {
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: parts only ever grow at the end
            <details key={i} className="text-sm text-muted-foreground">
              <summary className="cursor-pointer">Reasoning</summary>
              <p className="mt-1 whitespace-pre-wrap">{part.text}</p>
            </details>
          );
        }
        if (isToolOrDynamicToolUIPart(part)) {
          return (
            <ToolCall
              key={part.toolCallId}
              call={{
                name: getToolOrDynamicToolName(part),
                state: part.state,
                input: part.input,
                output: "output" in part ? part.output : undefined,
                errorText: "errorText" in part ? part.errorText : undefined,
              }}
            />
          );
        }
        return null;
      })}
    </div>
  );
}

/** Three pulsing dots: the reply is on its way. */
export function TypingIndicator({ label = "Agent is replying" }: { label?: string }) {
  return (
    <span role="status" aria-label={label} className="inline-flex items-center gap-1 py-2">
      {[0, 150, 300].map((delay) => (
        <span
          key={delay}
          className="size-1.5 animate-pulse rounded-full bg-muted-foreground"
          style={{ animationDelay: `${delay}ms` }}
        />
      ))}
    </span>
  );
}
