import { Braces, Globe, type LucideIcon, MessageCircle, MessagesSquare, PanelBottom } from "lucide-react";
import { cn } from "@/lib/utils";

export type Channel = "web" | "api" | "chatwoot" | "whatsapp" | "widget";

export const channelLabels: Record<Channel, string> = {
  web: "Web chat",
  api: "API",
  chatwoot: "Chatwoot",
  whatsapp: "WhatsApp",
  widget: "Website widget",
};

export const channelIcons: Record<Channel, LucideIcon> = {
  web: Globe,
  api: Braces,
  chatwoot: MessagesSquare,
  whatsapp: MessageCircle,
  widget: PanelBottom,
};

export const channels = Object.keys(channelLabels) as Channel[];

/** A channel's icon with the inbox's name (or the channel's label), as lists show where a conversation came from. */
export function ChannelTag({
  channel,
  name,
  className,
}: {
  channel: Channel;
  name?: string;
  className?: string;
}) {
  const Icon = channelIcons[channel];
  return (
    <span className={cn("inline-flex min-w-0 items-center gap-1", className)} title={channelLabels[channel]}>
      <Icon className="size-3.5 shrink-0" aria-hidden="true" />
      <span className="sr-only">{channelLabels[channel]}:</span>
      <span className="truncate">{name ?? channelLabels[channel]}</span>
    </span>
  );
}
