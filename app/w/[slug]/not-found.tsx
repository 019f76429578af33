"use client";

import { FileQuestionMark } from "lucide-react";
import Link from "next/link";
import { useParams } from "next/navigation";
import { Button } from "@/components/ui/button";

// Rendered inside the workspace shell, so it links back to this workspace rather than home.
export default function WorkspaceNotFound() {
  const params = useParams<{ slug: string }>();
  return (
    <div className="flex flex-col items-center gap-4 py-16 text-center">
      <FileQuestionMark className="size-10 text-muted-foreground" aria-hidden="true" />
      <div className="space-y-1">
        <h1 className="text-xl font-semibold">Page not found</h1>
        <p className="text-sm text-muted-foreground">
          This page does not exist in this workspace, or you do not have access to it.
        </p>
      </div>
      <Button asChild variant="outline">
        <Link href={params.slug ? `/w/${params.slug}` : "/"}>Back to overview</Link>
      </Button>
    </div>
  );
}
