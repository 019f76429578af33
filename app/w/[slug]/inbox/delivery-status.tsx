"use client";

import { CircleAlert } from "lucide-react";
import { Button } from "@/components/ui/button";
import type { Delivery } from "./channel-queries";

const vendorLabels: Record<string, string> = {
  sent: "Sent",
  delivered: "Delivered",
  read: "Read",
  failed: "Failed",
};
const kindLabels: Record<string, string> = {
  message: "Message",
  labels: "Labels",
  handoff: "Handoff",
  status: "Status",
};

/** One delivery's state in a few words, and Retry when it failed for good. */
export function DeliveryStatus({
  delivery,
  onRetry,
  retrying,
}: {
  delivery: Delivery;
  onRetry?: () => void;
  retrying?: boolean;
}) {
  if (delivery.status === "failed") {
    return (
      <span role="status" className="flex flex-wrap items-center gap-1.5 text-xs text-destructive">
        <CircleAlert className="size-3.5" aria-hidden="true" />
        <span>Not delivered{delivery.lastError ? `: ${delivery.lastError.message}` : ""}</span>
        {onRetry ? (
          <Button
            variant="outline"
            size="sm"
            className="h-6 px-2 text-xs"
            loading={retrying}
            onClick={onRetry}
          >
            Retry
          </Button>
        ) : null}
      </span>
    );
  }
  const text =
    delivery.status === "pending"
      ? delivery.attempts > 0
        ? `Sending (try ${delivery.attempts + 1})…`
        : "Sending…"
      : (vendorLabels[delivery.deliveryStatus ?? ""] ?? "Sent");
  return <span className="text-xs text-muted-foreground">{text}</span>;
}

/** Failed deliveries that belong to no message (labels, handoffs), listed with their Retry. */
export function FailedDeliveries({
  deliveries,
  onRetry,
  retryingId,
}: {
  deliveries: Delivery[];
  onRetry?: (id: string) => void;
  retryingId?: string;
}) {
  const failed = deliveries.filter((d) => d.status === "failed" && !d.messageId);
  if (failed.length === 0) return null;
  return (
    <ul aria-label="Failed deliveries" className="grid gap-1 rounded-md border border-destructive/40 p-2">
      {failed.map((d) => (
        <li key={d.id} className="flex flex-wrap items-center gap-2 text-sm">
          <span className="font-medium">{kindLabels[d.kind] ?? d.kind}</span>
          <DeliveryStatus
            delivery={d}
            onRetry={onRetry ? () => onRetry(d.id) : undefined}
            retrying={retryingId === d.id}
          />
        </li>
      ))}
    </ul>
  );
}
