import net from "node:net";

export interface RawResponse {
  status: number;
  /** Status line and headers, as sent. */
  head: string;
  /** The body, de-chunked when the response was chunked. */
  body: string;
}

/**
 * Hand-written HTTP/1.1 over a raw socket: what fetch and node:http refuse to
 * send (bad Host values, odd request targets, control bytes). Resolves when
 * the server closes the connection; rejects if it has not answered in 3 s.
 */
export function rawHttp(base: string, text: string): Promise<RawResponse> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => socket.write(Buffer.from(text, "latin1")));
    let data = "";
    socket.on("data", (c) => (data += c));
    socket.on("error", reject);
    socket.on("close", () => {
      const [head = "", rest = ""] = data.split("\r\n\r\n");
      const body = /transfer-encoding: chunked/i.test(head) ? dechunk(rest) : rest;
      resolve({ status: Number(head.split(" ")[1] ?? 0), head, body });
    });
    setTimeout(
      () => reject(new Error(`no answer within 3 s to ${JSON.stringify(text.slice(0, 80))}`)),
      3000,
    ).unref();
  });
}

function dechunk(text: string): string {
  let out = "";
  for (let at = 0; ; ) {
    const eol = text.indexOf("\r\n", at);
    const size = Number.parseInt(text.slice(at, eol), 16);
    if (!size) return out;
    out += text.slice(eol + 2, eol + 2 + size);
    at = eol + 2 + size + 2;
  }
}
