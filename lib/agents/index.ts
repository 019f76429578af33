export {
  assertAgentId,
  createAgent,
  deleteAgent,
  getAgent,
  listAgents,
  type UpdateAgentResult,
  updateAgent,
} from "./agents";
export { type AgentPreset, agentPresets } from "./presets";
export * from "./schema";
export { getAgentVersion, listAgentVersions } from "./versions";
