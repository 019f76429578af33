import { withPublic } from "@/lib/http/handler";
import { methodsNotAllowed } from "@/lib/http/method-not-allowed";
import { json } from "@/lib/http/respond";
import { buildOpenApiDocument } from "@/lib/rest-v1";

// Built once per process: it depends only on code, never on the request or the database.
let document: Record<string, unknown> | undefined;

/** Public: describing the API reveals nothing a key holder could not read in the source. */
export const GET = withPublic(
  async () => {
    document ??= buildOpenApiDocument();
    return json(document, 200, {
      "cache-control": "public, max-age=300",
      "access-control-allow-origin": "*",
    });
  },
  { checkOrigin: false },
);

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(["GET"]);
