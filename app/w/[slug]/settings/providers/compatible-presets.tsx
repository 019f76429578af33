"use client";

import { Button } from "@/components/ui/button";
import { compatiblePresets } from "./types";

type Preset = (typeof compatiblePresets)[number];

/** One click fills the base URL (and a name and model when empty) for well-known servers. */
export function CompatiblePresets({ onPick }: { onPick: (preset: Preset) => void }) {
  return (
    <div className="grid gap-2">
      <p className="text-sm text-muted-foreground">Common servers:</p>
      <div className="flex flex-wrap gap-2">
        {compatiblePresets.map((p) => (
          <Button
            key={p.name}
            type="button"
            variant="outline"
            size="sm"
            onClick={() => onPick(p)}
            title={p.baseUrl}
          >
            {p.name}
          </Button>
        ))}
      </div>
    </div>
  );
}
