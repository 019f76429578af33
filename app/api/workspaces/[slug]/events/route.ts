import { getAuth } from "@/lib/auth";
import { env } from "@/lib/env";
import { withWorkspace } from "@/lib/http/handler";
import { workspaceEventStream } from "@/lib/realtime/event-stream";

export const dynamic = "force-dynamic";

export const GET = withWorkspace(
  (ctx) => {
    const auth = getAuth();
    return workspaceEventStream(
      { session: ctx.session, workspaceId: ctx.workspace.id, slug: ctx.workspace.slug },
      ctx.req.signal,
      {
        heartbeatMs: env().EVENT_STREAM_HEARTBEAT_SECONDS * 1000,
        maxPerUser: env().EVENT_STREAMS_PER_USER,
        sessionStatus: (session) => auth.sessionStatus(session),
      },
    );
  },
  { role: "viewer" },
);
