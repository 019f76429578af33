"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { api, errorMessage } from "@/components/api/client";
import { Button } from "@/components/ui/button";
import { FormAlert, FormField } from "@/components/ui/form-field";
import { Textarea } from "@/components/ui/textarea";
import { flowRunPath } from "./api-types";

/** Approve or reject a waiting approval node, with an optional JSON payload and a comment. */
export function ApprovalForm({
  slug,
  runId,
  nodeId,
  nodeName,
  message,
  onDone,
}: {
  slug: string;
  runId: string;
  nodeId: string;
  nodeName: string;
  message: string;
  onDone: () => unknown;
}) {
  const [payload, setPayload] = useState("");
  const [comment, setComment] = useState("");
  const [payloadError, setPayloadError] = useState<string>();
  const decide = useMutation({
    mutationFn: (body: { decision: "approve" | "reject"; payload?: unknown; comment?: string }) =>
      api(`${flowRunPath(slug, runId)}/approvals/${encodeURIComponent(nodeId)}`, { method: "POST", body }),
    onSuccess: (_d, body) => {
      toast.success(body.decision === "approve" ? "Approved." : "Rejected.");
      return onDone();
    },
  });
  const submit = (decision: "approve" | "reject") => {
    let parsed: unknown;
    if (payload.trim()) {
      try {
        parsed = JSON.parse(payload);
      } catch {
        setPayloadError("Not valid JSON");
        return;
      }
    }
    setPayloadError(undefined);
    decide.mutate({
      decision,
      ...(parsed === undefined ? {} : { payload: parsed }),
      ...(comment.trim() ? { comment: comment.trim() } : {}),
    });
  };
  const id = `approval-${nodeId}`;
  return (
    <section
      className="grid gap-3 rounded-md border border-amber-500/50 p-3"
      aria-label={`Approval: ${nodeName}`}
    >
      <h3 className="text-sm font-semibold">Waiting for approval: {nodeName}</h3>
      {message ? <p className="text-sm">{message}</p> : null}
      <FormAlert message={decide.error ? errorMessage(decide.error) : null} />
      <FormField id={`${id}-payload`} label="Payload (JSON, optional)" error={payloadError}>
        <Textarea
          rows={3}
          className="font-mono text-xs"
          value={payload}
          onChange={(e) => setPayload(e.target.value)}
        />
      </FormField>
      <FormField id={`${id}-comment`} label="Comment (optional)">
        <Textarea rows={2} maxLength={4000} value={comment} onChange={(e) => setComment(e.target.value)} />
      </FormField>
      <div className="flex gap-2">
        <Button size="sm" loading={decide.isPending} onClick={() => submit("approve")}>
          Approve
        </Button>
        <Button size="sm" variant="outline" disabled={decide.isPending} onClick={() => submit("reject")}>
          Reject
        </Button>
      </div>
    </section>
  );
}
