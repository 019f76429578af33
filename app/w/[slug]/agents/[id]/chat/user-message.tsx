"use client";

import { Pencil } from "lucide-react";
import { useState } from "react";
import { UserMessageFrame } from "@/components/chat/message-frames";
import { textOf } from "@/components/chat/messages";
import type { ChatMessage } from "@/components/chat/types";
import { Button } from "@/components/ui/button";
import { Textarea } from "@/components/ui/textarea";

/** The user's turn; `onEdit` (absent for viewers or while busy) offers edit-and-resend. */
export function UserMessage({
  message,
  onEdit,
  editDisabled,
}: {
  message: ChatMessage;
  onEdit?: (text: string) => void;
  editDisabled?: boolean;
}) {
  const original = textOf(message);
  const [draft, setDraft] = useState<string | null>(null);

  const save = () => {
    const text = draft?.trim();
    if (!text || !onEdit) return;
    setDraft(null);
    onEdit(text);
  };

  const editor =
    draft === null ? undefined : (
      <form
        className="grid w-full gap-2 sm:max-w-[85%]"
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <Textarea
          aria-label="Edited text"
          autoFocus
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Escape") setDraft(null);
            if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) {
              e.preventDefault();
              save();
            }
          }}
          className="max-h-72 min-h-16"
        />
        <div className="flex justify-end gap-2">
          <Button type="button" variant="ghost" size="sm" onClick={() => setDraft(null)}>
            Cancel
          </Button>
          <Button type="submit" size="sm" disabled={!draft.trim() || editDisabled}>
            Save &amp; send
          </Button>
        </div>
      </form>
    );

  return (
    <UserMessageFrame
      editor={editor}
      actions={
        onEdit ? (
          <Button
            variant="ghost"
            size="sm"
            className="h-7 px-2 text-muted-foreground"
            disabled={editDisabled}
            onClick={() => setDraft(original)}
          >
            <Pencil aria-hidden="true" />
            Edit
          </Button>
        ) : null
      }
    >
      {original}
    </UserMessageFrame>
  );
}
