"use client";

import { createContext, type ReactNode, useContext, useState } from "react";
import { createPortal } from "react-dom";

interface SlotState {
  slot: HTMLElement | null;
  setSlot: (el: HTMLElement | null) => void;
}

const SlotContext = createContext<SlotState | null>(null);

/**
 * Lets a page put its title and actions into the shell's top bar, so a full-height page
 * (the chat) has one header instead of the top bar plus its own.
 */
export function TopBarSlotProvider({ children }: { children: ReactNode }) {
  const [slot, setSlot] = useState<HTMLElement | null>(null);
  return <SlotContext.Provider value={{ slot, setSlot }}>{children}</SlotContext.Provider>;
}

/** Where the top bar shows what a page portals into it. */
export function TopBarSlot({ className }: { className?: string }) {
  const state = useContext(SlotContext);
  return <div ref={state?.setSlot} className={className} data-slot="top-bar-slot" />;
}

/** Renders its children in the top bar (nothing until the bar has mounted). */
export function TopBarPortal({ children }: { children: ReactNode }) {
  const slot = useContext(SlotContext)?.slot;
  return slot ? createPortal(children, slot) : null;
}
