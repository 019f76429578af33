import type { z } from "zod";
import { AppError } from "../errors";

/** One field's problem, as a 400 `validation_failed` lists them in `details`. */
export interface FieldIssue {
  path: string;
  message: string;
}

export function zodIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((i) => ({ path: i.path.join(".") || "(body)", message: i.message }));
}

export function parseWith<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new AppError("validation_failed", "Some fields are missing or invalid.", {
      details: zodIssues(result.error),
    });
  }
  return result.data;
}
