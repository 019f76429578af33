import { Badge } from "@/components/ui/badge";
import type { ConversationPriority } from "@/lib/conversations/schema";

/** Every priority the contract allows, named; a new one fails to compile until it is named here. */
export const priorityLabels: Record<ConversationPriority, string> = {
  low: "Low",
  normal: "Normal",
  high: "High",
  urgent: "Urgent",
};
export const priorities = Object.keys(priorityLabels) as ConversationPriority[];

/** Shown for what stands out: high and urgent (normal is the default, low is quiet). */
export function PriorityBadge({ priority }: { priority: ConversationPriority }) {
  if (priority !== "high" && priority !== "urgent") return null;
  return (
    <Badge variant={priority === "urgent" ? "destructive" : "default"}>
      {priorityLabels[priority]} priority
    </Badge>
  );
}
