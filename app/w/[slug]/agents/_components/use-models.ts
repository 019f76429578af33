"use client";

import { useQuery } from "@tanstack/react-query";
import { api } from "@/components/api/client";
import { workspacePath } from "@/components/api/types";
import type { AvailableModelJson as AvailableModel } from "@/lib/providers/contract";
import { agentKeys } from "./types";

export const OFFLINE_LABEL = "Offline demo model";

/** One choice in the model select: which connection (if any) and which model it sets. */
export interface ModelOption {
  key: string;
  label: string;
  group: string;
  providerConnectionId: string | null;
  model: string | null;
}

export const modelKey = (providerConnectionId: string | null, model: string | null) =>
  `${providerConnectionId ?? ""}|${model ?? ""}`;

export const offlineOption: ModelOption = {
  key: modelKey(null, null),
  label: OFFLINE_LABEL,
  group: "Built in",
  providerConnectionId: null,
  model: null,
};

const providerNames: Record<string, string> = {
  openai: "OpenAI",
  anthropic: "Anthropic",
  google: "Google Gemini",
  openai_compatible: "OpenAI-compatible",
};

/** Groups the select by where the model comes from: a workspace connection, the instance's keys, built in. */
function toOption(m: AvailableModel): ModelOption {
  if (m.source === "offline" || !m.model) return offlineOption;
  const group =
    m.source === "connection"
      ? (m.connectionName ?? "Connection")
      : `${providerNames[m.provider] ?? m.provider} (instance)`;
  return {
    key: modelKey(m.providerConnectionId, m.model),
    label: m.modelId,
    group,
    providerConnectionId: m.providerConnectionId,
    model: m.model,
  };
}

export function parseModels(models: AvailableModel[]): ModelOption[] {
  const seen = new Set<string>();
  const options: ModelOption[] = [];
  // The offline model is always offered, even if the list somehow lacks it.
  for (const option of [...models.map(toOption), offlineOption]) {
    if (!seen.has(option.key)) {
      seen.add(option.key);
      options.push(option);
    }
  }
  return options;
}

/** The raw list, shared by the agent form (as options) and the providers page (instance models). */
export function useAvailableModels<T = AvailableModel[]>(
  slug: string,
  select?: (models: AvailableModel[]) => T,
) {
  return useQuery({
    queryKey: agentKeys.models(slug),
    queryFn: async ({ signal }) =>
      (await api<{ models: AvailableModel[] }>(workspacePath(slug, "/models"), { signal })).models,
    select,
  });
}

export const useModels = (slug: string) => useAvailableModels(slug, parseModels);

/** "gpt-4o-mini (openai)" from a "provider:model" reference the list does not offer (any more). */
function fallbackLabel(model: string): string {
  const at = model.indexOf(":");
  return at > 0 ? `${model.slice(at + 1)} (${model.slice(0, at)})` : model;
}

export function modelLabel(
  agent: { providerConnectionId: string | null; model: string | null },
  options: ModelOption[] | undefined,
): string {
  if (!agent.model) return OFFLINE_LABEL;
  const key = modelKey(agent.providerConnectionId, agent.model);
  const match = options?.find((o) => o.key === key);
  return match ? `${match.label} · ${match.group}` : fallbackLabel(agent.model);
}
