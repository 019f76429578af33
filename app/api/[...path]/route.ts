import { AppError } from "@/lib/errors";
import { withPublic } from "@/lib/http/handler";

// Unknown API paths answer in the API's JSON error shape, not with an HTML page.
const notFound = withPublic(
  async (ctx) => {
    throw new AppError("not_found", `No API route ${ctx.req.method} ${new URL(ctx.req.url).pathname}.`);
  },
  { checkOrigin: false },
);

export { notFound as DELETE, notFound as GET, notFound as PATCH, notFound as POST, notFound as PUT };
