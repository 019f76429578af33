// The app server's request handling, apart from start-up (main.ts) so tests can
// run it on a real socket: every request is checked for a Host and target that
// make a URL first, then goes to a direct route or to Next.
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import { secureNodeRequest } from "../lib/http/client-ip";
import {
  answerClientError,
  malformedRequest,
  refuseMalformed,
  sendWebResponse,
  toWebRequest,
} from "../lib/http/node-bridge";
import { logger } from "../lib/logger";
import { type DirectRoute, matchDirectRoute } from "./direct-routes";

export interface AppServerOptions {
  routes: DirectRoute[];
  /** Next's request handler (app.getRequestHandler()). */
  next: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  /** Added to direct routes' responses, as next.config adds them to Next's. */
  headers: readonly { key: string; value: string }[];
}

function internalError(res: ServerResponse) {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.statusCode = 500;
  res.setHeader("content-type", "application/json");
  res.end(JSON.stringify({ error: { code: "internal", message: "Something went wrong on our side." } }));
}

export function createAppServer({ routes, next, headers }: AppServerOptions): http.Server {
  // Without Node's Host check, whose bare 400 is not our error shape: malformedRequest checks it.
  const server = http.createServer({ requireHostHeader: false }, (req, res) => {
    // Before anything builds a URL from them: `Host: a b` threw in the bridge,
    // uncaught, and the request hung; Next answered a bad %-escape with a 500.
    const malformed = malformedRequest(req);
    if (malformed) return refuseMalformed(req, res, malformed);
    const direct = matchDirectRoute(routes, req.method, req.url);
    if (!direct) {
      // Next's routes read the client address from headers: untrusted forwarded ones are replaced first.
      secureNodeRequest(req);
      next(req, res).catch((err: unknown) => {
        logger.error({ err, path: req.url }, "server: next failed");
        internalError(res);
      });
      return;
    }
    Promise.resolve()
      .then(() => direct.route.handler(toWebRequest(req, res), { params: Promise.resolve(direct.params) }))
      .then((response) => sendWebResponse(res, response, headers))
      .catch((err: unknown) => {
        // The handlers answer their own errors; this is a bug or a broken socket.
        logger.error({ err, path: req.url }, "server: direct route failed");
        internalError(res);
      });
  });
  // Requests Node's parser rejects get the same JSON error shape, not a bare 400.
  server.on("clientError", (err, socket) => answerClientError(err, socket));
  return server;
}
