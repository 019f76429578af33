"use client";

import { useQuery } from "@tanstack/react-query";
import { CheckCircle2, Circle } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";
import { api } from "@/components/api/client";
import { queryKeys, workspacePath } from "@/components/api/types";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

export interface OnboardingProgress {
  /** The first agent, if any: "chat" links to it. */
  firstAgentId: string | null;
  agent: boolean;
  chat: boolean;
  /** Only admins can see keys and integrations; `null` for everyone else. */
  connect: boolean | null;
}

const onboardingKey = (slug: string) => [...queryKeys.workspace(slug), "onboarding"] as const;

/** Each step ticks off from what exists in the workspace, not from a flag someone must set. */
export function useOnboarding(slug: string, admin: boolean) {
  return useQuery({
    queryKey: [...onboardingKey(slug), admin],
    queryFn: async ({ signal }): Promise<OnboardingProgress> => {
      const get = <T,>(sub: string) => api<T>(workspacePath(slug, sub), { signal });
      const [agents, conversations, keys, integrations] = await Promise.all([
        get<{ agents: { id: string }[] }>("/agents"),
        get<{ conversations: unknown[] }>("/conversations?limit=1"),
        admin ? get<{ keys: unknown[] }>("/api-keys") : null,
        admin ? get<{ integrations: unknown[] }>("/integrations") : null,
      ]);
      return {
        firstAgentId: agents.agents[0]?.id ?? null,
        agent: agents.agents.length > 0,
        chat: conversations.conversations.length > 0,
        connect: keys && integrations ? keys.keys.length > 0 || integrations.integrations.length > 0 : null,
      };
    },
  });
}

export const onboardingDone = (p: OnboardingProgress) => p.agent && p.chat && p.connect !== false;

function Step({
  id,
  done,
  title,
  children,
}: {
  id: string;
  done: boolean;
  title: string;
  children: ReactNode;
}) {
  const Icon = done ? CheckCircle2 : Circle;
  return (
    <li className="flex gap-3" data-testid={`onboarding-step-${id}`} data-done={done ? "true" : "false"}>
      <Icon
        aria-hidden="true"
        className={
          done ? "mt-0.5 size-5 shrink-0 text-primary" : "mt-0.5 size-5 shrink-0 text-muted-foreground"
        }
      />
      <div className="min-w-0 space-y-0.5">
        <p className={done ? "font-medium text-muted-foreground line-through" : "font-medium"}>
          {title}
          <span className="sr-only">{done ? " (done)" : " (to do)"}</span>
        </p>
        <div className="text-sm text-muted-foreground">{children}</div>
      </div>
    </li>
  );
}

const linkClass = "font-medium text-foreground underline underline-offset-4";

/** Shown on the Overview instead of empty charts until the workspace has been used. */
export function OnboardingCard({
  slug,
  progress,
  canCreate,
}: {
  slug: string;
  progress: OnboardingProgress;
  canCreate: boolean;
}) {
  const base = `/w/${slug}`;
  return (
    <Card data-testid="onboarding">
      <CardHeader>
        <CardTitle asChild>
          <h3>Get started</h3>
        </CardTitle>
        <CardDescription>Usage appears here once your agents are talking to people.</CardDescription>
      </CardHeader>
      <CardContent>
        <ol className="space-y-4">
          <Step id="agent" done={progress.agent} title="Create an agent">
            {canCreate ? (
              <Link href={`${base}/agents/new`} className={linkClass}>
                New agent
              </Link>
            ) : (
              "Ask an admin or member to create one."
            )}
          </Step>
          <Step id="chat" done={progress.chat} title="Chat with it">
            <Link
              href={progress.firstAgentId ? `${base}/agents/${progress.firstAgentId}/chat` : `${base}/agents`}
              className={linkClass}
            >
              {progress.firstAgentId ? "Open the chat" : "Choose an agent"}
            </Link>{" "}
            and try its tools.
          </Step>
          {progress.connect !== null ? (
            <Step id="connect" done={progress.connect} title="Connect tools or an API key">
              Add an{" "}
              <Link href={`${base}/integrations`} className={linkClass}>
                MCP integration
              </Link>{" "}
              for more tools, or create an{" "}
              <Link href={`${base}/settings/api-keys`} className={linkClass}>
                API key
              </Link>{" "}
              to use your agents from your own code.
            </Step>
          ) : null}
        </ol>
      </CardContent>
    </Card>
  );
}
