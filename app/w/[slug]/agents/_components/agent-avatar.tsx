import { initialsOf } from "@/components/ui/avatar";
import { cn } from "@/lib/utils";

/** A short avatar (an emoji) is shown as is; otherwise the name's initials. */
export function AgentAvatar({
  name,
  avatar,
  className,
}: {
  name: string;
  avatar: string | null;
  className?: string;
}) {
  // Image URLs are not rendered (no remote loads); anything short, like an emoji, is.
  const emoji = avatar && avatar.length <= 16 && !/[\s/:]/.test(avatar) ? avatar : null;
  return (
    <span
      aria-hidden="true"
      className={cn(
        "flex size-10 shrink-0 items-center justify-center rounded-full bg-muted font-medium",
        emoji ? "text-xl" : "text-sm",
        className,
      )}
    >
      {emoji ?? initialsOf(name)}
    </span>
  );
}
