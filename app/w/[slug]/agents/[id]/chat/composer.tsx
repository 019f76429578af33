"use client";

import { ArrowUp, Square } from "lucide-react";
import { type RefObject, useLayoutEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { Textarea } from "@/components/ui/textarea";

const MAX_HEIGHT_PX = 200;

/** Grows with its text up to a limit, then scrolls (for browsers without `field-sizing`). */
function useAutoGrow(ref: RefObject<HTMLTextAreaElement | null>, value: string) {
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || CSS.supports("field-sizing", "content")) return;
    void value;
    el.style.height = "auto";
    el.style.height = `${Math.min(el.scrollHeight, MAX_HEIGHT_PX)}px`;
  }, [ref, value]);
}

export function Composer({
  agentName,
  busy,
  readOnlyNote,
  onSend,
  onStop,
  inputRef,
}: {
  agentName: string;
  /** A request is in flight: Enter does not send and the button stops it instead. */
  busy: boolean;
  /** Set for viewers: the composer is disabled and says why. */
  readOnlyNote?: string;
  /** Resolves false when the text was not sent; it is then put back. */
  onSend: (text: string) => Promise<boolean>;
  onStop: () => void;
  inputRef: RefObject<HTMLTextAreaElement | null>;
}) {
  const [text, setText] = useState("");
  useAutoGrow(inputRef, text);
  const disabled = Boolean(readOnlyNote);

  const send = () => {
    const value = text.trim();
    if (!value || busy || disabled) return;
    setText("");
    void onSend(value).then((sent) => {
      if (!sent) setText((current) => current || value);
    });
  };

  return (
    <form
      className="border-t bg-background p-3 pb-[max(0.75rem,env(safe-area-inset-bottom))]"
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      {readOnlyNote ? <p className="mb-2 text-xs text-muted-foreground">{readOnlyNote}</p> : null}
      <div className="flex items-end gap-2">
        <Textarea
          ref={inputRef}
          aria-label="Message"
          placeholder={disabled ? "Read-only" : `Message ${agentName}…`}
          rows={1}
          value={text}
          disabled={disabled}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
              e.preventDefault();
              send();
            }
          }}
          className="max-h-[200px] min-h-10 resize-none overflow-y-auto"
        />
        {busy ? (
          <Button type="button" variant="outline" onClick={onStop}>
            <Square className="fill-current" aria-hidden="true" />
            Stop
          </Button>
        ) : (
          <Button type="submit" disabled={disabled || !text.trim()}>
            <ArrowUp aria-hidden="true" />
            Send
          </Button>
        )}
      </div>
    </form>
  );
}
