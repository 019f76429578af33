"use client";

import { Send } from "lucide-react";
import { type FormEvent, useState } from "react";
import { errorMessage } from "@/components/api/client";
import { Button } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/form-field";
import { Textarea } from "@/components/ui/textarea";
import { useHumanReply, useTypingSignal } from "./channel-queries";

/**
 * Reply to the customer as a person, delivered to the channel. A refusal
 * (WhatsApp's 24-hour window) is shown here, in words, not swallowed.
 */
export function HumanReplyForm({
  slug,
  conversationId,
  botActive,
}: {
  slug: string;
  conversationId: string;
  botActive: boolean;
}) {
  const [text, setText] = useState("");
  const reply = useHumanReply(slug, conversationId);
  const typing = useTypingSignal(slug, conversationId);

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const value = text.trim();
    if (!value) return;
    reply.mutate(value, { onSuccess: () => setText("") });
  }

  return (
    <form onSubmit={submit} className="grid gap-2 border-t pt-4" aria-label="Reply as a human">
      <label htmlFor="human-reply" className="text-sm font-medium">
        Reply to the customer
      </label>
      <Textarea
        id="human-reply"
        value={text}
        maxLength={4000}
        placeholder="Write as yourself; it is sent to the customer's channel."
        onChange={(e) => {
          setText(e.target.value);
          if (e.target.value.trim()) typing();
        }}
        onKeyDown={(e) => {
          if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) e.currentTarget.form?.requestSubmit();
        }}
      />
      <FormAlert message={reply.isError ? errorMessage(reply.error) : undefined} />
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-xs text-muted-foreground">
          {botActive ? "Sending takes the conversation over: the bot stops answering." : "Ctrl+Enter sends."}
        </p>
        <Button type="submit" size="sm" loading={reply.isPending} disabled={!text.trim()}>
          <Send aria-hidden="true" />
          Send
        </Button>
      </div>
    </form>
  );
}
