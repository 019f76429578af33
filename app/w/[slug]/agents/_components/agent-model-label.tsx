"use client";

import Link from "next/link";
import { providersHref } from "./types";
import type { ModelOption } from "./use-models";
import { modelLabel } from "./use-models";

/** The agent's model, or the offline fallback with a pointer to adding a real provider. */
export function AgentModelLabel({
  agent,
  options,
  slug,
  canAddProvider,
}: {
  agent: { providerConnectionId: string | null; model: string | null; externalEndpointUrl: string | null };
  options: ModelOption[] | undefined;
  slug: string;
  canAddProvider: boolean;
}) {
  if (agent.externalEndpointUrl) {
    return <span className="break-all">External endpoint</span>;
  }
  return (
    <span className="min-w-0">
      <span className="break-words">{modelLabel(agent, options)}</span>
      {!agent.model && canAddProvider ? (
        <>
          {" · "}
          <Link href={providersHref(slug)} className="underline underline-offset-4 hover:text-foreground">
            Add a provider
          </Link>
        </>
      ) : null}
    </span>
  );
}
