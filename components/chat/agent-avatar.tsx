import { initialsOf } from "@/components/ui/avatar";
import { cn } from "@/lib/utils";

/** A short avatar (an emoji) is shown as is, anything else as the name's initials: no remote image loads. */
export function AgentAvatar({
  name,
  avatar,
  className,
}: {
  name: string;
  avatar?: string | null;
  className?: string;
}) {
  const emoji = avatar && avatar.length <= 16 && !/[\s/:]/.test(avatar) ? avatar : null;
  return (
    <span
      aria-hidden="true"
      className={cn(
        "flex size-8 shrink-0 select-none items-center justify-center rounded-full bg-muted text-xs font-medium",
        emoji && "text-base",
        className,
      )}
    >
      {emoji ?? initialsOf(name || "Agent")}
    </span>
  );
}
