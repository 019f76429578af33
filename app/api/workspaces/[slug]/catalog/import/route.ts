import { importProductsCsv } from "@/lib/catalog";
import { withWorkspace } from "@/lib/http/handler";
import { streamJob } from "./ndjson";
import { readCsvUpload } from "./read-upload";

export const maxDuration = 300;

/**
 * Body: the CSV (text/csv) or a multipart form with a `file` field, at most
 * 5 MB (413 beyond). Answers NDJSON: {"type":"progress","done","total"} lines,
 * then {"type":"result","created","updated","errors":[{row,message}]}. A file
 * that cannot be read at all (no header, unknown column) is a plain 400.
 */
export const POST = withWorkspace(
  async (ctx) => {
    const csv = await readCsvUpload(ctx.req);
    const scope = { claims: ctx.session.claims, workspaceId: ctx.workspace.id };
    return streamJob((onProgress) => importProductsCsv(scope, csv, { onProgress }), ctx.requestId);
  },
  { role: "member", rateLimit: { name: "catalog-import", max: 30, windowSeconds: 600 } },
);
