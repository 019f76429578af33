import { z } from "zod";
import { errorStatus } from "../errors";

/** The error body every /api/v1 failure answers with (lib/errors.ts). */

export const errorCodeSchema = z.enum(Object.keys(errorStatus) as [keyof typeof errorStatus]);
export const errorBodySchema = z.object({
  error: z.object({
    code: errorCodeSchema,
    message: z.string(),
    /** Field issues ([{path, message}]) for validation errors; other shapes per code. */
    details: z.unknown().optional(),
  }),
});
