import { AsyncLocalStorage } from "node:async_hooks";

// The request being served, for log lines written deep inside domain code
// (the SSRF guard, reached from agents, providers, integrations and chat)
// whose functions take a workspace scope, not the HTTP context. Set once by
// the HTTP wrapper (lib/http/handler.ts) around the whole handler; the async
// work a handler starts (a reply's stream, its tool calls) inherits it.
const store = new AsyncLocalStorage<{ requestId: string }>();

/** Runs `fn` as part of request `requestId`. */
export function withRequestId<T>(requestId: string, fn: () => T): T {
  return store.run({ requestId }, fn);
}

/** The id of the request being served, when there is one. */
export function currentRequestId(): string | undefined {
  return store.getStore()?.requestId;
}
