import type * as React from "react";
import { cn } from "@/lib/utils";

/**
 * The kit's common shape, written once: `Component` rendered with a `data-slot` name (the hook for
 * styles and tests) and base classes placed before the caller's `className`, which wins on conflict.
 * Components that add behaviour (portals, icons, defaults) stay hand-written.
 */
export function slotted<C extends React.ElementType>(Component: C, slot: string, ...classes: string[]) {
  const Comp = Component as React.ElementType;
  function Slotted({ className, ...props }: React.ComponentProps<C> & { className?: string }) {
    return (
      <Comp data-slot={slot} className={classes.length ? cn(...classes, className) : className} {...props} />
    );
  }
  Slotted.displayName = slot;
  return Slotted as (props: React.ComponentProps<C>) => React.ReactElement;
}
