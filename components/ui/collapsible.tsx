"use client";

import { Collapsible as CollapsiblePrimitive } from "radix-ui";
import { slotted } from "./slotted";

/** A disclosure: the trigger is a button with aria-expanded and aria-controls; closed content is not rendered. */
export const Collapsible = slotted(CollapsiblePrimitive.Root, "collapsible");
export const CollapsibleTrigger = slotted(CollapsiblePrimitive.Trigger, "collapsible-trigger");
export const CollapsibleContent = slotted(CollapsiblePrimitive.Content, "collapsible-content");
