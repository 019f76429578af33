"use client";

import { Avatar as AvatarPrimitive } from "radix-ui";
import { slotted } from "./slotted";

export const Avatar = slotted(
  AvatarPrimitive.Root,
  "avatar",
  "relative flex size-8 shrink-0 overflow-hidden rounded-full",
);

export const AvatarImage = slotted(AvatarPrimitive.Image, "avatar-image", "aspect-square size-full");

export const AvatarFallback = slotted(
  AvatarPrimitive.Fallback,
  "avatar-fallback",
  "flex size-full items-center justify-center rounded-full bg-muted text-xs font-medium",
);

/** Up to two initials from a display name, falling back to the email's local part. */
export function initialsOf(nameOrEmail: string): string {
  const base = nameOrEmail.includes("@") ? (nameOrEmail.split("@")[0] ?? "") : nameOrEmail;
  const parts = base.split(/[\s._-]+/).filter(Boolean);
  const letters = parts.length > 1 ? `${parts[0]?.[0] ?? ""}${parts[1]?.[0] ?? ""}` : base.slice(0, 2);
  return letters.toUpperCase() || "?";
}
