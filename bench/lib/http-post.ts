import http from "node:http";

/**
 * A cheap load generator: node:http over kept-alive sockets. fetch (undici)
 * cost about 1 ms of CPU per request on this machine, on the same two cores
 * as the system under test; the server sees the same requests either way.
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

export function postJson(
  url: string,
  body: unknown,
  // `raw`: the body as sent, already serialized (a signature covers its bytes).
  opts: { headers?: Record<string, string>; raw?: string } = {},
): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  const data = Buffer.from(opts.raw ?? JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: "POST",
        agent,
        headers: { ...opts.headers, "content-type": "application/json", "content-length": data.length },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString(),
            headers: res.headers,
          }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(data);
  });
}
