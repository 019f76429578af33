import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { NodeContext } from "./define-node";
import { eventTrigger } from "./event-trigger";
import { scheduleTrigger } from "./schedule-trigger";
import { webhookTrigger } from "./webhook-trigger";

const triggers = [webhookTrigger, scheduleTrigger, eventTrigger];

describe("trigger node types", () => {
  it.each(triggers.map((t) => [t.type, t] as const))(
    "%s: no inputs, one output, no side effects",
    (_type, def) => {
      expect(def.inputs).toEqual([]);
      expect(def.category).toBe("trigger");
      expect(def.sideEffects).toBe(false);
      expect(def.outputs(def.config.parse(sampleConfig(def.type)) as never)).toEqual(["out"]);
    },
  );

  it.each(triggers.map((t) => [t.type, t] as const))(
    "%s: outputs the run's trigger input",
    async (_type, def) => {
      const trigger = { body: { a: 1 }, receivedAt: "2026-01-01T00:00:00.000Z" };
      const ctx = { trigger } as unknown as NodeContext;
      const config = def.config.parse(sampleConfig(def.type));
      await expect(def.run(ctx, config as never, null)).resolves.toEqual({ kind: "done", output: trigger });
    },
  );

  it.each(triggers.map((t) => [t.type, t] as const))(
    "%s: every config field is described for the editor's form",
    (_type, def) => {
      const schema = z.toJSONSchema(def.config, { io: "input" }) as {
        properties: Record<string, { description?: string }>;
      };
      for (const [key, prop] of Object.entries(schema.properties)) expect(prop.description, key).toBeTruthy();
    },
  );
});

function sampleConfig(type: string) {
  if (type === "schedule_trigger") return { cron: "0 9 * * *" };
  if (type === "event_trigger") return { event: "conversation.created" };
  return {};
}
