"use client";

import { useSyncExternalStore } from "react";
import { Input } from "@/components/ui/input";
import { CopyButton } from "../settings/api-keys/copy-button";

const noop = () => () => {};

/** The tag a site pastes to embed the widget (the public key is not a secret). */
export function WidgetSnippet({ publicKey }: { publicKey: string }) {
  const origin = useSyncExternalStore(
    noop,
    () => window.location.origin,
    () => "",
  );
  const snippet = `<script src="${origin}/widget.js" data-inbox="${publicKey}" async></script>`;
  return (
    <div className="flex flex-col gap-2 sm:flex-row">
      <Input
        readOnly
        aria-label="Widget snippet"
        value={snippet}
        onFocus={(e) => e.currentTarget.select()}
        className="font-mono text-xs"
      />
      <CopyButton text={snippet} label="Copy widget snippet" what="Snippet" />
    </div>
  );
}
