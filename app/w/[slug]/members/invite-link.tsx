"use client";

import { Check, Copy } from "lucide-react";
import { useRef, useState } from "react";
import { toast } from "sonner";
import type { CreatedInvitation } from "@/components/api/types";
import { formatDateTime } from "@/components/format";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";

export function InviteLink({ result }: { result: CreatedInvitation }) {
  const inputRef = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(false);

  async function copy() {
    try {
      await navigator.clipboard.writeText(result.inviteUrl);
      setCopied(true);
      toast.success("Invite link copied.");
    } catch {
      // The clipboard API needs a secure context and permission; fall back to a manual copy.
      inputRef.current?.select();
      toast.error("Could not copy automatically. The link is selected; copy it with your keyboard.");
    }
  }

  return (
    <div className="space-y-2 rounded-lg border bg-muted/40 p-4" data-testid="invite-result">
      <p className="text-sm">
        {result.emailed ? (
          <>
            We emailed an invitation to <span className="font-medium">{result.invitation.email}</span>. You
            can also share this link:
          </>
        ) : (
          <>
            No email was sent (email delivery is not configured). Share this link with{" "}
            <span className="font-medium">{result.invitation.email}</span>:
          </>
        )}
      </p>
      <div className="flex flex-col gap-2 sm:flex-row">
        <Input
          ref={inputRef}
          readOnly
          aria-label="Invite link"
          value={result.inviteUrl}
          onFocus={(e) => e.currentTarget.select()}
          className="font-mono text-xs"
        />
        <Button type="button" variant="outline" onClick={copy}>
          {copied ? <Check aria-hidden="true" /> : <Copy aria-hidden="true" />}
          Copy link
        </Button>
      </div>
      <p className="text-xs text-muted-foreground">
        Only {result.invitation.email} can accept it. It expires {formatDateTime(result.invitation.expiresAt)}
        .
      </p>
    </div>
  );
}
