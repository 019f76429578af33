import { withWorkspace } from "@/lib/http/handler";
import { workspaceEventStream } from "@/lib/realtime/event-stream";

export const dynamic = "force-dynamic";

export const GET = withWorkspace(
  (ctx) =>
    workspaceEventStream(
      { claims: ctx.session.claims, workspaceId: ctx.workspace.id, slug: ctx.workspace.slug },
      ctx.req.signal,
    ),
  { role: "viewer" },
);
