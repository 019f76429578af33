/** Server-sent events read from a fetch response (EventSource cannot send the visitor token). */
import type { WidgetStreamEvent } from "./protocol";

function parseEvents(buffer: string, on: (e: WidgetStreamEvent) => void): string {
  let cut = buffer.indexOf("\n\n");
  while (cut >= 0) {
    const block = buffer.slice(0, cut);
    buffer = buffer.slice(cut + 2);
    let event = "message";
    let data = "";
    for (const line of block.split("\n")) {
      if (line.startsWith("event: ")) event = line.slice(7);
      else if (line.startsWith("data: ")) data += line.slice(6);
    }
    if (data) {
      try {
        on({ event, data: JSON.parse(data) } as WidgetStreamEvent);
      } catch {
        // not ours; skip
      }
    }
    cut = buffer.indexOf("\n\n");
  }
  return buffer;
}

export async function readStream(res: Response, on: (e: WidgetStreamEvent) => void): Promise<void> {
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer = parseEvents(buffer + decoder.decode(value, { stream: true }), on);
  }
}
