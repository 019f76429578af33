"use client";

import { TriangleAlert } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { CopyButton } from "./copy-button";
import type { CreatedKey } from "./types";

/** The one time the secret is on screen. Dismissing it drops it from memory for good. */
export function NewSecret({ created, onDone }: { created: CreatedKey; onDone: () => void }) {
  return (
    <Card className="border-primary" data-testid="new-api-key">
      <CardHeader>
        <CardTitle>Copy your new key “{created.key.name}”</CardTitle>
        <CardDescription className="flex items-start gap-2 text-foreground">
          <TriangleAlert className="mt-0.5 size-4 shrink-0 text-amber-600" aria-hidden="true" />
          <span>
            You won't see it again: only a fingerprint is stored. Keep it somewhere safe; if it is lost,
            revoke it and create another.
          </span>
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-3">
        <div className="flex flex-col gap-2 sm:flex-row">
          <Input
            readOnly
            aria-label="New API key"
            value={created.secret}
            onFocus={(e) => e.currentTarget.select()}
            className="font-mono text-xs"
            data-testid="new-api-key-secret"
          />
          <CopyButton text={created.secret} label="Copy API key" what="API key" />
        </div>
        <p className="text-sm text-muted-foreground">The set-up snippets below now include this key.</p>
        <div>
          <Button type="button" variant="secondary" onClick={onDone}>
            I've saved it
          </Button>
        </div>
      </CardContent>
    </Card>
  );
}
