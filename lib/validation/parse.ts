import type { z } from "zod";
import { AppError } from "../errors";

/** One field's problem, as a 400 `validation_failed` lists them in `details`. */
export interface FieldIssue {
  path: string;
  message: string;
}

/** `root` names the whole value when an issue has no field path (an unknown key, a wrong type). */
export function zodIssues(error: z.ZodError, root = "(body)"): FieldIssue[] {
  return error.issues.map((i) => ({ path: i.path.join(".") || root, message: i.message }));
}

export function parseWith<S extends z.ZodType>(schema: S, value: unknown, root = "(body)"): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new AppError("validation_failed", "Some fields are missing or invalid.", {
      details: zodIssues(result.error, root),
    });
  }
  return result.data;
}
