"use client";

import { useCallback, useEffect, useRef } from "react";

const NEAR_BOTTOM_PX = 80;

/**
 * Keeps a scroll container pinned to its end while content grows (streaming),
 * unless the reader has scrolled up; `scrollToBottom` re-pins it (after sending).
 */
export function useStickToBottom<S extends HTMLElement, C extends HTMLElement>() {
  const scrollRef = useRef<S>(null);
  const contentRef = useRef<C>(null);
  const pinned = useRef(true);

  const scrollToBottom = useCallback(() => {
    const el = scrollRef.current;
    pinned.current = true;
    if (el) el.scrollTop = el.scrollHeight;
  }, []);

  useEffect(() => {
    const el = scrollRef.current;
    const content = contentRef.current;
    if (!el || !content) return;
    const onScroll = () => {
      pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_BOTTOM_PX;
    };
    const observer = new ResizeObserver(() => {
      if (pinned.current) el.scrollTop = el.scrollHeight;
    });
    el.addEventListener("scroll", onScroll, { passive: true });
    observer.observe(content);
    el.scrollTop = el.scrollHeight;
    return () => {
      el.removeEventListener("scroll", onScroll);
      observer.disconnect();
    };
  }, []);

  return { scrollRef, contentRef, scrollToBottom };
}
