"use client";

import { useQuery } from "@tanstack/react-query";
import { Copy } from "lucide-react";
import { toast } from "sonner";
import { api } from "@/components/api/client";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { type FlowGraph, flowPath } from "./api-types";

/** The flow's webhook URL with a copy button, when the flow has a webhook trigger. */
export function WebhookUrl({ slug, flowId, graph }: { slug: string; flowId: string; graph: FlowGraph }) {
  const hasWebhook = graph.nodes.some((n) => n.type === "webhook_trigger");
  const query = useQuery({
    queryKey: ["flow-webhook", slug, flowId],
    queryFn: ({ signal }) => api<{ url: string }>(`${flowPath(slug, flowId)}/webhook`, { signal }),
    enabled: hasWebhook,
    staleTime: 60_000,
  });
  if (!hasWebhook || !query.data) return null;
  const url = query.data.url;
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
