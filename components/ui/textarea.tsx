import { fieldClasses } from "./input";
import { slotted } from "./slotted";

export const Textarea = slotted(
  "textarea",
  "textarea",
  "flex field-sizing-content min-h-16 w-full rounded-md border border-input bg-transparent px-3 py-2 text-base shadow-xs outline-none transition-[color,box-shadow] placeholder:text-muted-foreground disabled:cursor-not-allowed disabled:opacity-50 md:text-sm dark:bg-input/30",
  ...fieldClasses,
);
