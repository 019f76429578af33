import { ApiError } from "@/components/api/client";
import type { useFormErrors } from "@/components/api/use-form-errors";
import type { AgentFormField } from "./agent-form-state";

/**
 * Field errors go next to their fields. The server vets the endpoint URL (DNS, private
 * addresses) without naming the field, so such a rejection is put under "Endpoint URL".
 */
export function onSaveError(
  error: unknown,
  endpointUrl: string | null | undefined,
  errors: ReturnType<typeof useFormErrors<AgentFormField>>,
) {
  if (error instanceof ApiError && error.code === "bad_request" && !error.details.length && endpointUrl) {
    errors.setFormError(null);
    errors.setFieldErrors({ externalEndpointUrl: error.message });
    return;
  }
  errors.handle(error);
}
