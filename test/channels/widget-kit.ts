import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import {
  widgetEventsEndpoint,
  widgetFrameEndpoint,
  widgetHistoryEndpoint,
  widgetSendEndpoint,
  widgetSessionEndpoint,
} from "@/lib/channels/widget/endpoints";
import type { Database } from "@/lib/db/client";
import { createAppServer } from "@/server/app-server";
import type { DirectRoute } from "@/server/direct-routes";
import { asService, type SeedWorkspace } from "../db/workspace-kit";
import { seedChannelInbox } from "./channel-kit";

// The widget's public endpoints over real HTTP: the app server's node:http
// bridge with the very handlers the route files export.

const BASE62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
export const newPublicKey = () => `pk_${Array.from(randomBytes(24), (b) => BASE62[b % 62]).join("")}`;

export interface SeededWidget {
  inboxId: string;
  publicKey: string;
}

/** A widget inbox as ch-core's inbox API makes one: a public key, settings, an agent and the creator as actor. */
export async function seedWidgetInbox(
  db: Database,
  ws: SeedWorkspace,
  opts: Parameters<typeof seedChannelInbox>[2] = {},
): Promise<SeededWidget> {
  const { inboxId } = await seedChannelInbox(db, ws, { ...opts, channel: "widget" });
  const publicKey = newPublicKey();
  await asService(db, (tx) =>
    tx.updateTable("inboxes").set({ public_key: publicKey }).where("id", "=", inboxId).execute(),
  );
  return { inboxId, publicKey };
}

export async function startWidgetServer(): Promise<{ base: string; close: () => Promise<void> }> {
  const key = "(?<publicKey>[^/]+)";
  const routes: DirectRoute[] = [
    { method: "POST", path: new RegExp(`^/api/widget/${key}/session$`), handler: widgetSessionEndpoint },
    { method: "GET", path: new RegExp(`^/api/widget/${key}/messages$`), handler: widgetHistoryEndpoint },
    { method: "POST", path: new RegExp(`^/api/widget/${key}/messages$`), handler: widgetSendEndpoint },
    { method: "GET", path: new RegExp(`^/api/widget/${key}/events$`), handler: widgetEventsEndpoint },
    {
      method: "GET",
      path: new RegExp(`^/widget/${key}$`),
      handler: async (req, ctx) => widgetFrameEndpoint(req, (await ctx.params).publicKey ?? ""),
    },
  ];
  const server = createAppServer({
    routes,
    next: async (_req, res) => {
      res.statusCode = 599;
      res.end();
    },
    headers: [],
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export interface SseEvent {
  event: string;
  data: Record<string, unknown>;
}

/** Every server-sent event of a finished response body. */
export function parseSse(text: string): SseEvent[] {
  return text
    .split("\n\n")
    .filter((b) => b.trim())
    .map((block) => {
      let event = "message";
      let data = "";
      for (const line of block.split("\n")) {
        if (line.startsWith("event: ")) event = line.slice(7);
        else if (line.startsWith("data: ")) data += line.slice(6);
      }
      return { event, data: JSON.parse(data) as Record<string, unknown> };
    });
}

/** The token and conversation a streamed send starts with. */
export function sessionEvent(events: SseEvent[]): { token: string; conversationId: string } {
  const e = events.find((x) => x.event === "session");
  if (!e) throw new Error(`no session event in ${JSON.stringify(events)}`);
  return e.data as { token: string; conversationId: string };
}
