import type { UIMessage } from "ai";

export type StoredPart = UIMessage["parts"][number];

interface StepLike {
  content: ReadonlyArray<
    | { type: "text"; text: string }
    | { type: "reasoning"; text: string }
    | { type: "tool-call"; toolCallId: string; toolName: string; input: unknown }
    | { type: "tool-result"; toolCallId: string; toolName: string; input: unknown; output: unknown }
    | { type: "tool-error"; toolCallId: string; toolName: string; input: unknown; error: unknown }
    | { type: string }
  >;
}

/**
 * Turns the finished steps of a model run into UI message parts, the shape the
 * chat UI renders and the history loader sends back to the model. Built from
 * the server-side result so it is complete even if the browser went away.
 */
export function partsFromSteps(steps: ReadonlyArray<StepLike>): StoredPart[] {
  const parts: StoredPart[] = [];
  const toolIndex = new Map<string, number>();
  for (const step of steps) {
    parts.push({ type: "step-start" });
    for (const c of step.content) {
      if (c.type === "text" && "text" in c && c.text) {
        const prev = parts[parts.length - 1];
        if (prev?.type === "text") prev.text += c.text;
        else parts.push({ type: "text", text: c.text, state: "done" });
      } else if (c.type === "tool-call" && "toolCallId" in c) {
        toolIndex.set(c.toolCallId, parts.length);
        parts.push({
          type: `tool-${c.toolName}`,
          toolCallId: c.toolCallId,
          state: "input-available",
          input: c.input,
        } as StoredPart);
      } else if ((c.type === "tool-result" || c.type === "tool-error") && "toolCallId" in c) {
        const done =
          c.type === "tool-result" && "output" in c
            ? { state: "output-available", output: c.output }
            : { state: "output-error", errorText: errorText("error" in c ? c.error : "Tool failed.") };
        const at = toolIndex.get(c.toolCallId);
        const base = { type: `tool-${c.toolName}`, toolCallId: c.toolCallId, input: c.input };
        const part = { ...base, ...done } as StoredPart;
        if (at === undefined) parts.push(part);
        else parts[at] = part;
      }
    }
  }
  return parts;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : typeof e === "string" ? e : "Tool failed.";
}

export function textOfParts(parts: ReadonlyArray<StoredPart>): string {
  return parts
    .filter((p): p is Extract<StoredPart, { type: "text" }> => p.type === "text")
    .map((p) => p.text)
    .join("");
}
