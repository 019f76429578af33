import type { LucideIcon } from "lucide-react";
import Link from "next/link";
import { Button, type ButtonProps } from "@/components/ui/button";

/** A link that looks like a button, with an optional leading icon. */
export function LinkButton({
  href,
  icon: Icon,
  children,
  ...props
}: Omit<ButtonProps, "asChild"> & { href: string; icon?: LucideIcon }) {
  return (
    <Button asChild {...props}>
      <Link href={href}>
        {Icon ? <Icon aria-hidden="true" /> : null}
        {children}
      </Link>
    </Button>
  );
}
