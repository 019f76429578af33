// External MCP servers as workspace integrations: registered by admins with an
// encrypted credential, tools cached and granted per agent, called during chat
// turns with the credential injected server-side.
export {
  type GrantedIntegration,
  type IntegrationToolContext,
  type IntegrationTools,
  integrationToolSet,
  loadIntegrationTools,
  selectGrantedIntegrations,
} from "./chat-tools";
export { connectMcp, IntegrationCallError, type McpConnection } from "./client";
export { listAgentGrants, listIntegrationGrants, setAgentGrants, setIntegrationGrants } from "./grants";
export {
  createIntegration,
  deleteIntegration,
  getIntegration,
  listIntegrations,
  updateIntegration,
} from "./integrations";
export { type RefreshResult, refreshIntegrationTools } from "./refresh";
export * from "./schema";
export { exposedToolName, MAX_OUTPUT_BYTES, toModelOutput } from "./tool-output";
