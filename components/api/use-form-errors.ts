"use client";

import { useCallback, useState } from "react";
import { ApiError, errorMessage } from "@/components/api/client";

type FieldErrors<F extends string> = Partial<Record<F, string>>;

/**
 * Splits an API error into messages for the named fields (from `details[].path`) and,
 * when no field matches, one form-level message.
 */
export function useFormErrors<F extends string>(fields: readonly F[]) {
  const [fieldErrors, setFieldErrors] = useState<FieldErrors<F>>({});
  const [formError, setFormError] = useState<string | null>(null);

  const reset = useCallback(() => {
    setFieldErrors({});
    setFormError(null);
  }, []);

  const handle = useCallback(
    (error: unknown) => {
      const matched: FieldErrors<F> = {};
      if (error instanceof ApiError) {
        for (const issue of error.details) {
          // Paths may be prefixed (e.g. "body.email"), so accept any segment that names a field.
          const field = fields.find((f) => issue.path === f || issue.path.split(".").includes(f));
          if (field && !matched[field]) matched[field] = issue.message;
        }
      }
      const anyMatched = Object.keys(matched).length > 0;
      setFieldErrors(matched);
      setFormError(anyMatched ? null : errorMessage(error));
    },
    [fields],
  );

  return { fieldErrors, formError, handle, reset, setFieldErrors, setFormError };
}
