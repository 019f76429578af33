export { type ApprovalDecision, cancelRun, resolveApproval, retryRun } from "./control";
export { type ExecuteOutcome, executeRun } from "./execute-run";
export { flowPruneTask, flowRunTask } from "./jobs";
export { closeRunEvents, type RunEvent, subscribeRunEvents } from "./run-events";
export type { NodeRow, NodeStatus, RunStatus } from "./run-store";
export { type RunTrigger, type StartRunRequest, startRun } from "./start-run";
