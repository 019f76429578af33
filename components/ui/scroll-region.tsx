"use client";

import { type ReactNode, useEffect, useRef, useState } from "react";
import { cn } from "@/lib/utils";

interface Overflow {
  scrollable: boolean;
  atEnd: boolean;
}

/**
 * A box that scrolls sideways when its content is wider than it. Only while it actually
 * overflows does it become a labelled, focusable region, so a keyboard user can reach and scroll
 * it (axe `scrollable-region-focusable`) without an extra tab stop on tables that fit; and a
 * shade on the trailing edge tells a phone user (whose scrollbars are hidden) that more is there.
 */
export function ScrollRegion({
  label,
  className,
  children,
  ...props
}: { label: string; className?: string; children: ReactNode } & Record<`data-${string}`, string>) {
  const ref = useRef<HTMLDivElement>(null);
  const [overflow, setOverflow] = useState<Overflow>({ scrollable: false, atEnd: true });

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const update = () => {
      const scrollable = el.scrollWidth - el.clientWidth > 1;
      const atEnd = el.scrollLeft + el.clientWidth >= el.scrollWidth - 1;
      setOverflow((prev) =>
        prev.scrollable === scrollable && prev.atEnd === atEnd ? prev : { scrollable, atEnd },
      );
    };
    update();
    const observer = new ResizeObserver(update);
    observer.observe(el);
    for (const child of el.children) observer.observe(child);
    el.addEventListener("scroll", update, { passive: true });
    return () => {
      observer.disconnect();
      el.removeEventListener("scroll", update);
    };
  }, []);

  return (
    <div className="relative w-full min-w-0">
      <div
        ref={ref}
        className={cn(
          "w-full overflow-x-auto rounded-sm outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50",
          className,
        )}
        {...(overflow.scrollable ? { tabIndex: 0, role: "region", "aria-label": label } : {})}
        data-scrollable={overflow.scrollable ? "true" : undefined}
        {...props}
      >
        {children}
      </div>
      {overflow.scrollable && !overflow.atEnd ? (
        <div
          aria-hidden="true"
          data-slot="scroll-cue"
          className="pointer-events-none absolute inset-y-0 right-0 w-6 bg-linear-to-l from-foreground/15 to-transparent"
        />
      ) : null}
    </div>
  );
}
