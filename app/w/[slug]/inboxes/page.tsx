import type { Metadata } from "next";
import { InboxesView } from "./inboxes-view";

export const metadata: Metadata = { title: "Channels" };

/** Every member reads the workspace's channels; admins add and change them (the API enforces it). */
export default function InboxesPage() {
  return <InboxesView />;
}
