"use client";

import { Copy } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";

/** The flow's webhook URL (a credential: members and above get it) with a copy button. */
export function WebhookUrl({ url }: { url: string }) {
  return (
    <div className="flex items-center gap-2">
      <label htmlFor="flow-webhook-url" className="shrink-0 text-sm font-medium">
        Webhook URL
      </label>
      <Input id="flow-webhook-url" readOnly value={url} className="font-mono text-xs" />
      <Button
        variant="outline"
        size="icon"
        aria-label="Copy webhook URL"
        onClick={() =>
          navigator.clipboard.writeText(url).then(
            () => toast.success("Copied the webhook URL."),
            () => toast.error("Could not copy; select the URL and copy it."),
          )
        }
      >
        <Copy aria-hidden="true" />
      </Button>
    </div>
  );
}
