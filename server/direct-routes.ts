import { chatwootWebhookEndpoint } from "../lib/channels/chatwoot/endpoint";
import { chatEndpoint } from "../lib/chat/chat-endpoint";
import { webhookEndpoint } from "../lib/flows/triggers/webhook";

type RouteHandler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

export interface DirectRoute {
  method: string;
  /** Matched against the path only; named groups become the route params. */
  path: RegExp;
  handler: RouteHandler;
}

/**
 * Routes the app server answers itself, with the very handlers their Next route
 * files export, instead of going through Next's router: the streamed chat turn,
 * where Next's per-request work was most of the time to first token we add.
 * Anything else (other methods too: 405s, HEAD) goes to Next.
 */
export function directRoutes(waitUntil: (p: Promise<unknown>) => void): DirectRoute[] {
  return [
    {
      method: "POST",
      path: /^\/api\/workspaces\/(?<slug>[^/]+)\/chat$/,
      handler: chatEndpoint({ waitUntil }),
    },
    // Flow webhooks: the benchmarked ingress (webhook → transform → respond), kept off Next's router too.
    { method: "POST", path: /^\/api\/hooks\/flows\/(?<token>[^/]+)$/, handler: webhookEndpoint },
    // Chatwoot's events: acknowledged within Chatwoot's 5 s (target p95 20 ms), so off Next's router too.
    {
      method: "POST",
      path: /^\/api\/channels\/chatwoot\/(?<token>[^/]+)$/,
      handler: chatwootWebhookEndpoint,
    },
  ];
}

export function matchDirectRoute(
  routes: DirectRoute[],
  method: string | undefined,
  url: string | undefined,
): { route: DirectRoute; params: Record<string, string> } | null {
  if (!method || !url) return null;
  const path = url.split("?", 1)[0] ?? "";
  for (const route of routes) {
    if (route.method !== method) continue;
    const m = route.path.exec(path);
    if (!m) continue;
    try {
      const params = Object.fromEntries(
        Object.entries(m.groups ?? {}).map(([k, v]) => [k, decodeURIComponent(v ?? "")]),
      );
      return { route, params };
    } catch {
      // A malformed %-escape: Next answers it (400) as it would without this route.
      return null;
    }
  }
  return null;
}
