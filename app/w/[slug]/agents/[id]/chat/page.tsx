import "@/components/chat/chat.css";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ChatView } from "./chat-view";

export const metadata: Metadata = { title: "Chat" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function AgentChatPage({ params }: { params: Promise<{ slug: string; id: string }> }) {
  const { id } = await params;
  if (!UUID.test(id)) notFound();
  return <ChatView agentId={id.toLowerCase()} />;
}
