import { z } from "zod";
import { defineOperation } from "../contract/operation";
import {
  flowApprovalsResult,
  flowRunPageOutput,
  flowRunResult,
  MAX_FLOW_BODY_BYTES,
  serializeFlowApproval,
  serializeFlowRun,
  serializeFlowRunDetail,
} from "./contract-shapes";
import { nodeIdSchema } from "./graph-schema";
import {
  cancelFlowRun,
  decideApproval,
  getFlowRun,
  listFlowRuns,
  listPendingApprovals,
  retryFlowRun,
  startFlowRun,
} from "./runs";
import { flowIdSchema, listRunsQuery, resolveApprovalInput, runIdSchema, startRunInput } from "./schema";

/** Operations on runs and approvals (lib/flows/contract.ts lists them all). */

const flowParams = z.object({ id: flowIdSchema });
const runParams = z.object({ id: runIdSchema });

export const startFlowRunOp = defineOperation({
  id: "flowRuns.start",
  // A graph (or a run input) may be up to 1 MB; the default body cap is 64 KiB.
  maxBodyBytes: MAX_FLOW_BODY_BYTES,
  method: "post",
  summary: "Run a flow with input",
  description:
    "Queues a run of the published version (409 `conflict` until the flow is published), or with " +
    '`source: "draft"` a test run of the draft. Answers at once; follow the run with GET /flow-runs/{id}.',
  params: flowParams,
  body: startRunInput,
  output: flowRunResult,
  status: 201,
  outputDescription: "The queued run.",
  web: { path: "/flows/{id}/runs", role: "member" },
  v1: { path: "/flows/{id}/runs", group: "flows" },
  async run(scope, { params, body }, caller) {
    const trigger = caller.surface === "v1" ? "api" : "manual";
    return { run: serializeFlowRunDetail(await startFlowRun(scope, params.id, body, trigger)) };
  },
});

export const listFlowRunsOp = defineOperation({
  id: "flowRuns.list",
  method: "get",
  summary: "List flow runs",
  description:
    "Newest first, filtered by flow, status and trigger. Page with `cursor` = the previous nextCursor.",
  query: listRunsQuery,
  output: flowRunPageOutput,
  outputDescription: "A page of runs (without node results).",
  web: { path: "/flow-runs", role: "viewer" },
  v1: { path: "/flow-runs", group: "flows" },
  async run(scope, { query }) {
    const page = await listFlowRuns(scope, query);
    return { runs: page.runs.map(serializeFlowRun), nextCursor: page.nextCursor };
  },
});

export const getFlowRunOp = defineOperation({
  id: "flowRuns.get",
  method: "get",
  summary: "Get a flow run with its node results",
  params: runParams,
  output: flowRunResult,
  outputDescription: "The run, each node's input, output, error and duration, and its approvals.",
  web: { path: "/flow-runs/{id}", role: "viewer" },
  v1: { path: "/flow-runs/{id}", group: "flows" },
  async run(scope, { params }) {
    return { run: serializeFlowRunDetail(await getFlowRun(scope, params.id)) };
  },
});

export const cancelFlowRunOp = defineOperation({
  id: "flowRuns.cancel",
  method: "post",
  summary: "Cancel a flow run",
  description: "At once when queued or waiting; a running one stops before its next node.",
  params: runParams,
  output: flowRunResult,
  outputDescription: "The run after the request.",
  web: { path: "/flow-runs/{id}/cancel", role: "member" },
  async run(scope, { params }) {
    return { run: serializeFlowRunDetail(await cancelFlowRun(scope, params.id)) };
  },
});

export const retryFlowRunOp = defineOperation({
  id: "flowRuns.retry",
  method: "post",
  summary: "Retry a failed flow run from its failed node",
  description: "409 `conflict` unless the run failed. Nodes that succeeded keep their results.",
  params: runParams,
  output: flowRunResult,
  outputDescription: "The run, queued again.",
  web: { path: "/flow-runs/{id}/retry", role: "member" },
  async run(scope, { params }) {
    return { run: serializeFlowRunDetail(await retryFlowRun(scope, params.id)) };
  },
});

export const resolveFlowApprovalOp = defineOperation({
  id: "flowApprovals.resolve",
  method: "post",
  summary: "Approve or reject a run waiting for approval",
  description:
    "403 `forbidden` below the approval's required role; 409 `conflict` when it is no longer pending. " +
    "The run resumes on the approved or rejected branch with `payload` as the node's output.",
  params: runParams.extend({ nodeId: nodeIdSchema }),
  body: resolveApprovalInput,
  output: flowRunResult,
  outputDescription: "The run after the decision.",
  web: { path: "/flow-runs/{id}/approvals/{nodeId}", role: "viewer" },
  v1: { path: "/flow-runs/{id}/approvals/{nodeId}", group: "flows" },
  async run(scope, { params, body }, caller) {
    const run = await decideApproval(scope, params.id, params.nodeId, body, caller.role);
    return { run: serializeFlowRunDetail(run) };
  },
});

export const listFlowApprovalsOp = defineOperation({
  id: "flowApprovals.list",
  method: "get",
  summary: "List approvals waiting for a decision",
  output: flowApprovalsResult,
  outputDescription: "Pending approvals, newest first.",
  web: { path: "/flow-approvals", role: "viewer" },
  async run(scope) {
    return { approvals: (await listPendingApprovals(scope)).map(serializeFlowApproval) };
  },
});
