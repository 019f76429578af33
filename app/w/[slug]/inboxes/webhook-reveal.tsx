"use client";

import { TriangleAlert } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { CopyButton } from "../settings/api-keys/copy-button";

/** The one time an inbox's webhook URL (its secret token) is on screen. */
export function WebhookReveal({ name, url, onDone }: { name: string; url: string; onDone: () => void }) {
  return (
    <Card className="border-primary" data-testid="new-webhook-url">
      <CardHeader>
        <CardTitle>Webhook URL for “{name}”</CardTitle>
        <CardDescription className="flex items-start gap-2 text-foreground">
          <TriangleAlert className="mt-0.5 size-4 shrink-0 text-amber-600" aria-hidden="true" />
          <span>
            Paste it in the vendor's webhook settings now: it is shown once (only a fingerprint is stored). If
            it is lost, rotate it.
          </span>
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-3">
        <div className="flex flex-col gap-2 sm:flex-row">
          <Input
            readOnly
            aria-label="Webhook URL"
            value={url}
            onFocus={(e) => e.currentTarget.select()}
            className="font-mono text-xs"
          />
          <CopyButton text={url} label="Copy webhook URL" what="Webhook URL" />
        </div>
        <div>
          <Button type="button" variant="secondary" onClick={onDone}>
            I've saved it
          </Button>
        </div>
      </CardContent>
    </Card>
  );
}
