import type { Metadata } from "next";
import { Suspense } from "react";
import { RunsView } from "@/components/flows/runs-view";

export const metadata: Metadata = { title: "Flow runs" };

export default function FlowRunsPage() {
  return (
    <Suspense>
      <RunsView />
    </Suspense>
  );
}
