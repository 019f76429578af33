"use client";

import { XIcon } from "lucide-react";
import { Dialog as DialogPrimitive } from "radix-ui";
import type * as React from "react";
import { cn } from "@/lib/utils";
import { slotted } from "./slotted";

/** Shared with AlertDialog: the overlay, the centred panel, and its header and footer. */
export const overlayClasses = "fixed inset-0 z-50 bg-black/50";
export const panelClasses =
  "fixed top-[50%] left-[50%] z-50 grid w-full max-w-[calc(100%-2rem)] translate-x-[-50%] translate-y-[-50%] gap-4 rounded-lg border bg-background p-6 shadow-lg sm:max-w-lg";
export const headerClasses = "flex flex-col gap-2 text-center sm:text-left";
export const footerClasses = "flex flex-col-reverse gap-2 sm:flex-row sm:justify-end";
export const descriptionClasses = "text-sm text-muted-foreground";

export const Dialog = slotted(DialogPrimitive.Root, "dialog");
export const DialogTrigger = slotted(DialogPrimitive.Trigger, "dialog-trigger");
export const DialogClose = slotted(DialogPrimitive.Close, "dialog-close");
export const DialogOverlay = slotted(DialogPrimitive.Overlay, "dialog-overlay", overlayClasses);
export const DialogHeader = slotted("div", "dialog-header", headerClasses);
export const DialogFooter = slotted("div", "dialog-footer", footerClasses);
export const DialogTitle = slotted(
  DialogPrimitive.Title,
  "dialog-title",
  "text-lg font-semibold leading-none",
);
export const DialogDescription = slotted(
  DialogPrimitive.Description,
  "dialog-description",
  descriptionClasses,
);

export function DialogContent({
  className,
  children,
  showCloseButton = true,
  ...props
}: React.ComponentProps<typeof DialogPrimitive.Content> & { showCloseButton?: boolean }) {
  return (
    <DialogPrimitive.Portal>
      <DialogOverlay />
      <DialogPrimitive.Content data-slot="dialog-content" className={cn(panelClasses, className)} {...props}>
        {children}
        {showCloseButton ? (
          <DialogPrimitive.Close className="absolute top-4 right-4 rounded-xs opacity-70 ring-offset-background transition-opacity hover:opacity-100 focus:outline-hidden focus:ring-2 focus:ring-ring focus:ring-offset-2 disabled:pointer-events-none [&_svg]:size-4">
            <XIcon aria-hidden="true" />
            <span className="sr-only">Close</span>
          </DialogPrimitive.Close>
        ) : null}
      </DialogPrimitive.Content>
    </DialogPrimitive.Portal>
  );
}
