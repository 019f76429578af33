/**
 * The flows domain's public contract: what a flow, a version, a run (with its
 * node results) and an approval look like on the wire, and the operations on
 * them. The web API, /api/v1 and its OpenAPI document, the MCP tools and the
 * editor's types all derive from this file.
 */

export * from "./contract-shapes";
export * from "./flow-operations";
export * from "./run-operations";

import {
  changeFlowWebhookOp,
  createFlowOp,
  deleteFlowOp,
  getFlowOp,
  getFlowSettingsOp,
  getFlowVersionOp,
  getFlowWebhookOp,
  listFlowsOp,
  listFlowVersionsOp,
  listNodeTypesOp,
  publishFlowOp,
  updateFlowOp,
  updateFlowSettingsOp,
} from "./flow-operations";
import {
  cancelFlowRunOp,
  getFlowRunOp,
  listFlowApprovalsOp,
  listFlowRunsOp,
  resolveFlowApprovalOp,
  retryFlowRunOp,
  startFlowRunOp,
} from "./run-operations";

export const flowOperations = [
  listFlowsOp,
  createFlowOp,
  getFlowOp,
  updateFlowOp,
  deleteFlowOp,
  publishFlowOp,
  listFlowVersionsOp,
  getFlowVersionOp,
  getFlowWebhookOp,
  changeFlowWebhookOp,
  startFlowRunOp,
  listFlowRunsOp,
  getFlowRunOp,
  cancelFlowRunOp,
  retryFlowRunOp,
  resolveFlowApprovalOp,
  listFlowApprovalsOp,
  getFlowSettingsOp,
  updateFlowSettingsOp,
  listNodeTypesOp,
];
