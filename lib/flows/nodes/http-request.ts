import { z } from "zod";
import { AppError, isAppError } from "../../errors";
import { loadIntegrationSecret } from "../../integrations/secret";
import { safeFetch } from "../../net/ssrf";
import type { Json } from "../graph-schema";
import { defineNode } from "./define-node";

const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/;
const MAX_RESPONSE_BYTES = 5 * 1024 * 1024;

/**
 * A request to any public URL (the SSRF guard refuses private addresses,
 * redirects into them and oversized answers). Every attempt carries the same
 * `Idempotency-Key`, so a retry after a crash or a timeout is recognisable as
 * the same request by a server that honours it.
 *
 * Credentials come from a stored integration and are only sent to that
 * integration's own origin: a flow cannot point a workspace's secret at a
 * server of its author's choosing.
 */
export const httpRequest = defineNode({
  type: "http_request",
  label: "HTTP request",
  category: "action",
  description: "Calls a URL (JSON, form or text body), optionally with a stored integration's credentials.",
  config: z
    .object({
      method: z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"]).default("GET").describe("HTTP method"),
      url: z.string().min(1).max(4000).describe("The URL (may use expressions)"),
      query: z.record(z.string().max(200), z.unknown()).default({}).describe("Query parameters"),
      headers: z
        .record(z.string().regex(HEADER_NAME), z.string().max(4000))
        .default({})
        .describe("Request headers"),
      bodyType: z.enum(["none", "json", "form", "text"]).default("none").describe("How the body is sent"),
      body: z
        .unknown()
        .optional()
        .describe("The body: JSON for json/form, text for text")
        .meta({ widget: "json" }),
      integrationId: z
        .uuid()
        .optional()
        .describe("Send this integration's stored credentials (only to its own origin)"),
      failOnHttpError: z
        .boolean()
        .default(true)
        .describe("Treat a 4xx/5xx answer as a failure (retried per the node's retry policy)"),
    })
    .strict(),
  inputs: ["in"],
  outputs: () => ["out"],
  sideEffects: true,
  defaultTimeoutMs: 30_000,
  async run(ctx, config) {
    let url: URL;
    try {
      url = new URL(config.url);
    } catch {
      throw new AppError("validation_failed", "The URL is not valid.");
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") {
      throw new AppError("validation_failed", "Only http and https URLs can be called.");
    }
    for (const [k, v] of Object.entries(config.query)) {
      url.searchParams.append(k, v === null || typeof v !== "object" ? String(v ?? "") : JSON.stringify(v));
    }
    const headers = new Headers(config.headers);
    headers.set("idempotency-key", ctx.idempotencyKey);
    headers.set("user-agent", "Switchboard-Flows/1");
    if (config.integrationId)
      await addCredentials(ctx.db, ctx.workspaceId, config.integrationId, url, headers);

    let body: string | undefined;
    if (config.method !== "GET" && config.bodyType !== "none") {
      const b = (config.body ?? null) as Json;
      if (config.bodyType === "json") {
        body = JSON.stringify(b);
        if (!headers.has("content-type")) headers.set("content-type", "application/json");
      } else if (config.bodyType === "form") {
        const form = new URLSearchParams();
        if (b && typeof b === "object" && !Array.isArray(b)) {
          for (const [k, v] of Object.entries(b))
            form.append(k, v === null || typeof v !== "object" ? String(v ?? "") : JSON.stringify(v));
        }
        body = form.toString();
        headers.set("content-type", "application/x-www-form-urlencoded");
      } else {
        body = typeof b === "string" ? b : JSON.stringify(b);
        if (!headers.has("content-type")) headers.set("content-type", "text/plain; charset=utf-8");
      }
    }

    let res: Response;
    try {
      res = await safeFetch(url, {
        method: config.method,
        headers,
        body,
        signal: ctx.signal,
        // The engine enforces the node's timeout (and reports it as one); this only bounds a stray request.
        timeoutMs: (ctx.node.timeoutMs ?? 30_000) + 1000,
        maxBytes: MAX_RESPONSE_BYTES,
      });
    } catch (e) {
      if (isAppError(e)) throw e;
      throw new AppError("unavailable", `The request to ${url.host} failed.`, { cause: e });
    }
    let text: string;
    try {
      text = await res.text();
    } catch (e) {
      throw new AppError("unavailable", `The answer from ${url.host} was too large or cut off.`, {
        cause: e,
      });
    }
    let parsed: Json = text;
    if ((res.headers.get("content-type") ?? "").includes("json")) {
      try {
        parsed = JSON.parse(text) as Json;
      } catch {
        // Not JSON after all: keep the text.
      }
    }
    const output = {
      status: res.status,
      headers: Object.fromEntries([...res.headers].filter(([k]) => k !== "set-cookie")),
      body: parsed,
    };
    if (config.failOnHttpError && res.status >= 400) {
      throw new AppError("unavailable", `${url.host} answered ${res.status}.`, {
        details: { status: res.status },
      });
    }
    return { kind: "done", output };
  },
});

async function addCredentials(
  db: import("../../db/client").Database,
  workspaceId: string,
  integrationId: string,
  url: URL,
  headers: Headers,
) {
  const row = await db
    .selectFrom("mcp_integrations")
    .select(["url", "auth_type", "auth_header_name"])
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", integrationId)
    .executeTakeFirst();
  if (!row) throw new AppError("not_found", "That integration does not exist in this workspace.");
  if (new URL(row.url).origin !== url.origin) {
    throw new AppError(
      "validation_failed",
      `This integration's credentials are only sent to ${new URL(row.url).origin}.`,
    );
  }
  if (row.auth_type === "none") return;
  const secret = await loadIntegrationSecret(workspaceId, integrationId);
  if (!secret) throw new AppError("conflict", "That integration has no stored credentials.");
  if (row.auth_type === "bearer") headers.set("authorization", `Bearer ${secret}`);
  else if (row.auth_header_name) headers.set(row.auth_header_name, secret);
}
