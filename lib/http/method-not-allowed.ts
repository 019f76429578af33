import { randomUUID } from "node:crypto";
import { AppError } from "../errors";
import { errorResponse } from "./respond";

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
const ALL: Method[] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

export type NotAllowedHandler = ((req: Request) => Promise<Response>) & { methodNotAllowed: true };

/**
 * Handlers for the methods a route does not serve, so they get our JSON error
 * and an `Allow` header instead of the framework's empty 405. Marked, so the
 * OpenAPI coverage test can tell them from real operations.
 */
export function methodsNotAllowed(allowed: Method[]): Record<Method, NotAllowedHandler> {
  const allow = allowed.join(", ");
  const handler = Object.assign(
    async (req: Request) => {
      const res = errorResponse(
        new AppError("method_not_allowed", `${req.method} is not supported here. Allowed: ${allow}.`),
        req.headers.get("x-request-id")?.slice(0, 64) || randomUUID(),
      );
      res.headers.set("allow", allow);
      return res;
    },
    { methodNotAllowed: true as const },
  );
  return Object.fromEntries(ALL.map((m) => [m, handler])) as Record<Method, NotAllowedHandler>;
}
