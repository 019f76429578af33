// Flow triggers: webhook ingress, schedules, Postgres events (and the code the
// Supabase edge functions share). What core, the worker and the engine call.
export { enqueueTriggeredRun, type TriggeredRun } from "./enqueue-run";
export { deliverFlowEvent, flowEventTask, matchesFilter } from "./events";
export { type ScheduleLoop, scheduleTick, startScheduleLoop } from "./schedule";
export { cronProblem, nextTick, planTicks, timezoneProblem } from "./schedule-core";
export { syncFlowTriggers } from "./sync";
export { waitForWebhookResponse } from "./wait-response";
export { receiveWebhook, webhookEndpoint } from "./webhook";
export { MAX_WEBHOOK_BODY_BYTES, SIGNATURE_HEADER, signWebhook } from "./webhook-ingress";
export {
  decryptWebhookSecret,
  encryptWebhookSecret,
  generateWebhookToken,
  webhookSecretAad,
  webhookTokenAad,
  webhookTokenColumns,
} from "./webhook-secret";
