"use client";

import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { useCurrentWorkspace } from "../../_components/workspace-context";
import { useAvailableModels } from "../../agents/_components/use-models";
import { type AvailableModel, type ProviderKind, providerLabels } from "./types";

function byProvider(models: AvailableModel[]): [string, string[]][] {
  const groups = new Map<string, string[]>();
  for (const m of models) {
    if (m.source !== "instance") continue;
    const label = providerLabels[m.provider as ProviderKind] ?? m.provider;
    groups.set(label, [...(groups.get(label) ?? []), m.modelId]);
  }
  return [...groups];
}

/**
 * Models from the server operator's environment keys, shown only when this workspace may use
 * them: INSTANCE_KEYS_WORKSPACES may allow every workspace or only some, so the wording
 * speaks of this one.
 */
export function InstanceModels() {
  const { slug } = useCurrentWorkspace();
  const query = useAvailableModels(slug, byProvider);
  if (!query.data?.length) return null;
  return (
    <Card>
      <CardHeader>
        <CardTitle>Provided by this server</CardTitle>
        <CardDescription>
          The operator of this server made these available to this workspace. Agents can use them without a
          connection here.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <dl className="grid gap-3 text-sm">
          {query.data.map(([provider, models]) => (
            <div key={provider} className="grid gap-1 sm:grid-cols-[10rem_1fr] sm:gap-3">
              <dt className="font-medium">{provider}</dt>
              <dd className="flex flex-wrap gap-1">
                {models.map((m) => (
                  <Badge key={m} variant="outline" className="max-w-full truncate font-mono">
                    {m}
                  </Badge>
                ))}
              </dd>
            </div>
          ))}
        </dl>
      </CardContent>
    </Card>
  );
}
