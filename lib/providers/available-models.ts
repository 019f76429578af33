import type { WorkspaceScope } from "../workspaces";
import { BUILTIN_MODELS, instanceProviders, modelRef, OFFLINE, providerLabel } from "./catalog";
import { listProviderConnections } from "./connections";
import { instanceKeysAllowed } from "./resolve";

/** One choice in the agent form. Saving it stores `providerConnectionId` and `model` on the agent. */
export interface AvailableModel {
  /** Stable option key: "openai:gpt-4o", "<connection id>:llama3", "offline". */
  id: string;
  source: "instance" | "connection" | "offline";
  provider: string;
  modelId: string;
  label: string;
  /** The agent's provider_connection_id for this choice. */
  providerConnectionId: string | null;
  /** The agent's model for this choice (bare id with a connection, "provider:model" without). */
  model: string | null;
  connectionName?: string;
}

/**
 * Instance providers from the environment (if this workspace may use them), then this
 * workspace's connections, then the offline model.
 */
export async function listAvailableModels(ctx: WorkspaceScope): Promise<AvailableModel[]> {
  const out: AvailableModel[] = [];
  for (const p of instanceKeysAllowed(ctx.workspaceId) ? instanceProviders() : []) {
    for (const modelId of p.models) {
      const ref = modelRef(p.provider, modelId);
      out.push({
        id: ref,
        source: "instance",
        provider: p.provider,
        modelId,
        label: `${providerLabel(p.provider)} · ${modelId}`,
        providerConnectionId: null,
        model: ref,
      });
    }
  }
  for (const c of await listProviderConnections(ctx)) {
    const models =
      c.models.length > 0 || c.provider === "openai_compatible" ? c.models : BUILTIN_MODELS[c.provider];
    for (const modelId of models) {
      out.push({
        id: `${c.id}:${modelId}`,
        source: "connection",
        provider: c.provider,
        modelId,
        label: `${c.name} · ${modelId}`,
        providerConnectionId: c.id,
        model: modelId,
        connectionName: c.name,
      });
    }
  }
  out.push({
    id: OFFLINE.provider,
    source: "offline",
    provider: OFFLINE.provider,
    modelId: OFFLINE.modelId,
    label: OFFLINE.label,
    providerConnectionId: null,
    model: null,
  });
  return out;
}
