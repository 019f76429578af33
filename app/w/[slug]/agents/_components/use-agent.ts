"use client";

import { useQuery } from "@tanstack/react-query";
import { api } from "@/components/api/client";
import { type Agent, agentKeys, agentPath } from "./types";

export function useAgent(slug: string, id: string) {
  return useQuery({
    queryKey: agentKeys.one(slug, id),
    queryFn: ({ signal }) => api<{ agent: Agent }>(agentPath(slug, id), { signal }),
    select: (data) => data.agent,
  });
}
