import { queryKeys, workspacePath } from "@/components/api/types";

// The browser's inbox types are the contract's wire shapes (type-only: no server code reaches the bundle).
export type {
  CreateInboxBody,
  InboxJson as Inbox,
  InboxWithWebhookJson as InboxWithWebhook,
  UpdateInboxBody,
} from "@/lib/inboxes/contract";
export type { CreatableChannel } from "@/lib/inboxes/schema";

export const inboxKeys = {
  all: (slug: string) => [...queryKeys.workspace(slug), "inboxes"] as const,
};

export const inboxesPath = (slug: string) => workspacePath(slug, "/inboxes");
export const inboxPath = (slug: string, id: string, sub = "") =>
  workspacePath(slug, `/inboxes/${encodeURIComponent(id)}${sub}`);
