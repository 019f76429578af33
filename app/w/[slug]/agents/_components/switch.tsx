"use client";

import { Switch as SwitchPrimitive } from "radix-ui";
import type * as React from "react";
import { slotted } from "@/components/ui/slotted";

const Root = slotted(
  SwitchPrimitive.Root,
  "switch",
  "peer inline-flex h-5 w-9 shrink-0 items-center rounded-full border border-transparent shadow-xs outline-none transition-all focus-visible:border-ring focus-visible:ring-[3px] focus-visible:ring-ring/50 disabled:cursor-not-allowed disabled:opacity-50 data-[state=checked]:bg-primary data-[state=unchecked]:bg-input dark:data-[state=unchecked]:bg-input/80",
);

/** The thumb slides right when on. */
export function Switch(props: React.ComponentProps<typeof SwitchPrimitive.Root>) {
  return (
    <Root {...props}>
      <SwitchPrimitive.Thumb className="pointer-events-none block size-4 rounded-full bg-background ring-0 transition-transform data-[state=checked]:translate-x-4 data-[state=unchecked]:translate-x-0 dark:data-[state=checked]:bg-primary-foreground dark:data-[state=unchecked]:bg-foreground" />
    </Root>
  );
}
