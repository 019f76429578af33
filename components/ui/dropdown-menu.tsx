"use client";

import { CheckIcon, CircleIcon } from "lucide-react";
import { DropdownMenu as DropdownMenuPrimitive } from "radix-ui";
import type * as React from "react";
import { cn } from "@/lib/utils";
import { slotted } from "./slotted";

const itemClasses =
  "relative flex cursor-default select-none items-center gap-2 rounded-sm px-2 py-1.5 text-sm outline-hidden focus:bg-accent focus:text-accent-foreground data-[disabled]:pointer-events-none data-[disabled]:opacity-50 [&_svg:not([class*='size-'])]:size-4 [&_svg:not([class*='text-'])]:text-muted-foreground [&_svg]:pointer-events-none [&_svg]:shrink-0";

/**
 * Not modal by default: a menu button's menu (WAI-ARIA APG) closes on Tab or a click outside
 * rather than trapping focus, and the page behind it is not aria-hidden while its links and
 * buttons stay focusable (axe `aria-hidden-focus`, serious).
 */
export function DropdownMenu({
  modal = false,
  ...props
}: React.ComponentProps<typeof DropdownMenuPrimitive.Root>) {
  return <DropdownMenuPrimitive.Root data-slot="dropdown-menu" modal={modal} {...props} />;
}

export const DropdownMenuTrigger = slotted(DropdownMenuPrimitive.Trigger, "dropdown-menu-trigger");
export const DropdownMenuGroup = slotted(DropdownMenuPrimitive.Group, "dropdown-menu-group");
export const DropdownMenuRadioGroup = slotted(DropdownMenuPrimitive.RadioGroup, "dropdown-menu-radio-group");
export const DropdownMenuLabel = slotted(
  DropdownMenuPrimitive.Label,
  "dropdown-menu-label",
  "px-2 py-1.5 text-sm font-medium",
);
export const DropdownMenuSeparator = slotted(
  DropdownMenuPrimitive.Separator,
  "dropdown-menu-separator",
  "-mx-1 my-1 h-px bg-border",
);

export function DropdownMenuContent({
  className,
  sideOffset = 4,
  ...props
}: React.ComponentProps<typeof DropdownMenuPrimitive.Content>) {
  return (
    <DropdownMenuPrimitive.Portal>
      <DropdownMenuPrimitive.Content
        data-slot="dropdown-menu-content"
        sideOffset={sideOffset}
        className={cn(
          "z-50 max-h-(--radix-dropdown-menu-content-available-height) min-w-[8rem] origin-(--radix-dropdown-menu-content-transform-origin) overflow-y-auto overflow-x-hidden rounded-md border bg-popover p-1 text-popover-foreground shadow-md",
          className,
        )}
        {...props}
      />
    </DropdownMenuPrimitive.Portal>
  );
}

export function DropdownMenuItem({
  className,
  variant = "default",
  ...props
}: React.ComponentProps<typeof DropdownMenuPrimitive.Item> & { variant?: "default" | "destructive" }) {
  return (
    <DropdownMenuPrimitive.Item
      data-slot="dropdown-menu-item"
      data-variant={variant}
      className={cn(
        itemClasses,
        "data-[variant=destructive]:text-destructive data-[variant=destructive]:focus:bg-destructive/10 data-[variant=destructive]:focus:text-destructive",
        className,
      )}
      {...props}
    />
  );
}

/** A menu item with a check (checkbox) or dot (radio) indicator at its start. */
function indicatorItem<
  C extends typeof DropdownMenuPrimitive.CheckboxItem | typeof DropdownMenuPrimitive.RadioItem,
>(Item: C, slot: string, indicator: React.ReactNode) {
  const Comp = Item as React.ElementType;
  return function IndicatorItem({ className, children, ...props }: React.ComponentProps<C>) {
    return (
      <Comp data-slot={slot} className={cn(itemClasses, "pl-8", className)} {...props}>
        <span className="pointer-events-none absolute left-2 flex size-3.5 items-center justify-center">
          <DropdownMenuPrimitive.ItemIndicator>{indicator}</DropdownMenuPrimitive.ItemIndicator>
        </span>
        {children}
      </Comp>
    );
  };
}

export const DropdownMenuCheckboxItem = indicatorItem(
  DropdownMenuPrimitive.CheckboxItem,
  "dropdown-menu-checkbox-item",
  <CheckIcon className="size-4" />,
);

export const DropdownMenuRadioItem = indicatorItem(
  DropdownMenuPrimitive.RadioItem,
  "dropdown-menu-radio-item",
  <CircleIcon className="size-2 fill-current" />,
);
