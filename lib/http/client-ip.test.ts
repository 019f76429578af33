import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { CLIENT_IP_HEADER, clientIp, resolveClientAddress, secureNodeRequest } from "./client-ip";
import { parseTrustedProxies } from "./trusted-proxies";

const proxies = (spec?: string) => parseTrustedProxies(spec).proxies;

describe("parseTrustedProxies", () => {
  it("reads loopback, addresses and CIDR ranges of both families, and reports bad entries", () => {
    const p = proxies("loopback, 10.0.0.0/8, 2001:db8::/32, 192.0.2.1");
    expect(
      ["127.0.0.1", "::1", "::ffff:127.0.0.1", "10.200.1.1", "2001:db8::5", "192.0.2.1"].map((a) =>
        p.trusts(a),
      ),
    ).toEqual([true, true, true, true, true, true]);
    expect(["192.0.2.2", "11.0.0.1", "2001:db9::1", "", "nonsense"].map((a) => p.trusts(a))).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(proxies(undefined).trusts("127.0.0.1")).toBe(false);
    expect(parseTrustedProxies("10.0.0.0/33, example.com, 1.2.3.4/8/9, ::1/x").problems).toHaveLength(4);
  });
});

describe("resolveClientAddress", () => {
  it("is the socket's peer when the peer is not a trusted proxy, whatever X-Forwarded-For says", () => {
    expect(resolveClientAddress("198.51.100.1", "203.0.113.5", proxies())).toBe("198.51.100.1");
    expect(resolveClientAddress("198.51.100.1", "203.0.113.5", proxies("10.0.0.0/8"))).toBe("198.51.100.1");
  });

  it("walks X-Forwarded-For from the right through trusted hops to the first untrusted one", () => {
    const p = proxies("10.0.0.0/8");
    expect(resolveClientAddress("10.0.0.2", "6.6.6.6, 203.0.113.5, 10.0.0.9", p)).toBe("203.0.113.5");
    expect(resolveClientAddress("10.0.0.2", "203.0.113.5:4321", p)).toBe("203.0.113.5");
    expect(resolveClientAddress("10.0.0.2", "[2001:db8::7]:443", p)).toBe("2001:db8::7");
    expect(resolveClientAddress("::ffff:10.0.0.2", "::ffff:203.0.113.5", p)).toBe("203.0.113.5");
    // Nothing forwarded, or every hop a proxy: the last proxy we know of.
    expect(resolveClientAddress("10.0.0.2", null, p)).toBe("10.0.0.2");
    expect(resolveClientAddress("10.0.0.2", "10.0.0.3", p)).toBe("10.0.0.3");
    // Garbage written through a proxy is not an address: stop before it.
    expect(resolveClientAddress("10.0.0.2", "<script>, 10.0.0.4", p)).toBe("10.0.0.4");
  });
});

describe("clientIp", () => {
  it("believes nothing in a process our app server is not in front of (next dev): a forged header is ignored", () => {
    // A fresh process: no request has been through applyForwarding yet.
    delete (globalThis as { __switchboardClientIp?: unknown }).__switchboardClientIp;
    const forged = new Request("http://x/", {
      headers: { [CLIENT_IP_HEADER]: "203.0.113.6", "x-forwarded-for": "203.0.113.7" },
    });
    expect(clientIp(forged)).toBeUndefined();
  });
});

describe("secureNodeRequest (requests the app server hands to Next)", () => {
  it("rewrites the Node request's forwarded headers in place, and clientIp believes only that", async () => {
    let headers: http.IncomingHttpHeaders | undefined;
    const server = http.createServer((req, res) => {
      secureNodeRequest(req, proxies());
      headers = { ...req.headers };
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      await fetch(`http://127.0.0.1:${port}/`, {
        headers: {
          "x-forwarded-for": "203.0.113.5",
          [CLIENT_IP_HEADER]: "203.0.113.6",
          "x-real-ip": "1.1.1.1",
        },
      });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
    expect(headers).toMatchObject({
      "x-forwarded-for": "127.0.0.1",
      "x-forwarded-proto": "http",
      [CLIENT_IP_HEADER]: "127.0.0.1",
    });
    expect(headers?.["x-real-ip"]).toBeUndefined();
    const req = new Request("http://x/", {
      headers: { [CLIENT_IP_HEADER]: String(headers?.[CLIENT_IP_HEADER]) },
    });
    expect(clientIp(req)).toBe("127.0.0.1");
  });
});
