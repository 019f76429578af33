import type { LanguageModelV3 } from "@ai-sdk/provider";
import { createOfflineModel } from "../ai/offline-model";
import { env } from "../env";
import { AppError } from "../errors";
import type { WorkspaceScope } from "../workspaces";
import { BUILTIN_MODELS, instanceProviders, OFFLINE, parseModelRef, providerLabel } from "./catalog";
import { type ConnectionWithKey, loadConnectionWithKey } from "./connection-secret";
import { buildLanguageModel } from "./factory";

export interface ResolvedModel {
  model: LanguageModelV3;
  /** Provider as priced in model_prices: "openai", …, "openai_compatible" or "offline". */
  provider: string;
  modelId: string;
  offline: boolean;
  /** For people: "OpenAI · gpt-4o-mini", "My Ollama · llama3", "Offline demo model". */
  label: string;
}

export interface AgentModelChoice {
  providerConnectionId: string | null;
  /** With a connection: the bare model id. Without: "provider:model". Null with neither: offline. */
  model: string | null;
}

function fromConnection(conn: ConnectionWithKey, requested: string | null): ResolvedModel {
  // Tolerate "openai:gpt-4o" with an OpenAI connection; ids like "llama3:8b" stay whole.
  const stripped = requested?.startsWith(`${conn.provider}:`)
    ? requested.slice(conn.provider.length + 1)
    : requested;
  const fallback =
    conn.models[0] ?? (conn.provider === "openai_compatible" ? undefined : BUILTIN_MODELS[conn.provider][0]);
  const modelId = stripped?.trim() || fallback;
  if (!modelId) {
    throw new AppError("bad_request", `Choose a model for the connection "${conn.name}": it lists none.`);
  }
  if (!conn.apiKey && !conn.baseUrl && conn.provider !== "openai_compatible") {
    throw new AppError(
      "bad_request",
      `The connection "${conn.name}" has no API key. Add one in Settings → Providers.`,
    );
  }
  return {
    // "" rather than undefined: an absent workspace key must never fall back to the instance's.
    model: buildLanguageModel({
      provider: conn.provider,
      modelId,
      apiKey: conn.apiKey ?? "",
      baseUrl: conn.baseUrl,
      guarded: true,
    }),
    provider: conn.provider,
    modelId,
    offline: false,
    label: `${conn.name} · ${modelId}`,
  };
}

/**
 * Whether a workspace may spend the operator's provider keys from the
 * environment (INSTANCE_KEYS_WORKSPACES: all, none, or workspace ids). Ids,
 * not slugs: a slug can be renamed, and so claimed by another workspace.
 */
export function instanceKeysAllowed(workspaceId: string): boolean {
  const rule = env().INSTANCE_KEYS_WORKSPACES;
  if (rule === "all" || rule === "none") return rule === "all";
  return rule.includes(workspaceId.toLowerCase());
}

function fromInstance(ctx: WorkspaceScope, ref: string): ResolvedModel {
  const { provider, modelId } = parseModelRef(ref);
  if (provider === OFFLINE.provider) return offlineModel();
  if (!instanceKeysAllowed(ctx.workspaceId)) {
    throw new AppError(
      "bad_request",
      `The model "${ref}" uses this server's own provider keys, which this workspace may not use. Add a provider connection in Settings → Providers, or choose the offline model.`,
    );
  }
  const configured = instanceProviders().find((p) => p.provider === provider);
  if (!configured) {
    const hint =
      provider === "openai_compatible"
        ? "OPENAI_COMPATIBLE_BASE_URL is not set"
        : `no ${providerLabel(provider)} API key is configured on this server`;
    throw new AppError(
      "bad_request",
      `The model "${ref}" cannot be used: ${hint}. Add a provider connection for this workspace or choose another model.`,
    );
  }
  return {
    model: buildLanguageModel({
      provider,
      modelId,
      apiKey: configured.apiKey,
      baseUrl: configured.baseUrl,
      // The operator set this URL (often a local Ollama): trusted, not SSRF-guarded.
      guarded: false,
    }),
    provider,
    modelId,
    offline: false,
    label: `${providerLabel(provider)} · ${modelId}`,
  };
}

function offlineModel(): ResolvedModel {
  return {
    model: createOfflineModel(),
    provider: OFFLINE.provider,
    modelId: OFFLINE.modelId,
    offline: true,
    label: OFFLINE.label,
  };
}

/**
 * Decrypted connections by workspace and id, each with the updated_at it was read at.
 * A hit needs the version the caller just read through RLS (begin_chat_turn returns it),
 * so a changed key or URL is never served stale and visibility is still checked per turn.
 */
interface CachedConnection {
  version: string;
  conn: Promise<ConnectionWithKey>;
  /** The models built from it, by the agent's requested model id. */
  models: Map<string, ResolvedModel>;
}
const connections = new Map<string, CachedConnection>();
const CONNECTION_CACHE_SIZE = 256;
const MODELS_PER_CONNECTION = 32;

function cachedConnection(ctx: WorkspaceScope, id: string, version: string): CachedConnection {
  const key = `${ctx.workspaceId}:${id}`;
  const hit = connections.get(key);
  if (hit?.version === version) return hit;
  const conn = loadConnectionWithKey(ctx, id);
  connections.delete(key);
  if (connections.size >= CONNECTION_CACHE_SIZE) {
    const oldest = connections.keys().next().value;
    if (oldest !== undefined) connections.delete(oldest);
  }
  const entry = { version, conn, models: new Map<string, ResolvedModel>() };
  connections.set(key, entry);
  // A failed load (deleted meanwhile, database down) must not be remembered.
  conn.catch(() => {
    if (connections.get(key)?.conn === conn) connections.delete(key);
  });
  return entry;
}

/**
 * The model an agent runs on. A connection is read through RLS first (so it
 * must belong to this workspace and be visible to the caller), then its key is
 * decrypted; without one, "provider:model" uses the instance's key from the
 * environment; with no model at all, the offline demo model keeps chat usable.
 */
export async function resolveModel(
  ctx: WorkspaceScope,
  agent: AgentModelChoice,
  opts: { connectionVersion?: string | null } = {},
): Promise<ResolvedModel> {
  if (agent.providerConnectionId) {
    if (!opts.connectionVersion) {
      return fromConnection(await loadConnectionWithKey(ctx, agent.providerConnectionId), agent.model);
    }
    const entry = cachedConnection(ctx, agent.providerConnectionId, opts.connectionVersion);
    const key = agent.model ?? "";
    const hit = entry.models.get(key);
    if (hit) return hit;
    // Built once per connection version and model: a model object holds only its settings.
    const resolved = fromConnection(await entry.conn, agent.model);
    if (entry.models.size < MODELS_PER_CONNECTION) entry.models.set(key, resolved);
    return resolved;
  }
  if (agent.model?.trim()) return fromInstance(ctx, agent.model.trim());
  return offlineModel();
}
