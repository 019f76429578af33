import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { GET } from "./openapi.json/route";

// The document and the route files must describe the same API: a route added
// without its operation (or an operation left behind) fails here.

const ROOT = path.resolve(import.meta.dirname);
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

type Doc = {
  openapi: string;
  security: unknown[];
  paths: Record<string, Record<string, { security?: unknown[]; responses: Record<string, unknown> }>>;
  components: { securitySchemes: Record<string, unknown>; schemas: Record<string, unknown> };
};

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return routeFiles(full);
    return e.name === "route.ts" ? [full] : [];
  });
}

/** `agents/[id]/route.ts` → `/agents/{id}`. */
function openApiPath(file: string): string {
  const rel = path.relative(ROOT, path.dirname(file)).split(path.sep).join("/");
  return `/${rel.replace(/\[([^\]]+)\]/g, "{$1}")}`;
}

async function fetchDoc(): Promise<{ status: number; doc: Doc; headers: Headers }> {
  const res = await GET(new Request("http://localhost:3000/api/v1/openapi.json"), {
    params: Promise.resolve({}),
  });
  return { status: res.status, doc: (await res.json()) as Doc, headers: res.headers };
}

describe("GET /api/v1/openapi.json", () => {
  it("is public OpenAPI 3.1 with a bearer scheme and the error schema", async () => {
    const { status, doc } = await fetchDoc();
    expect(status).toBe(200);
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    expect(doc.components.schemas.Error).toMatchObject({
      type: "object",
      properties: { error: { required: ["code", "message"] } },
    });
  });

  it("documents every route file's methods, and nothing else", async () => {
    const fromFiles = new Set<string>();
    for (const file of routeFiles(ROOT)) {
      const mod = (await import(file)) as Record<string, unknown>;
      for (const m of METHODS) {
        const handler = mod[m];
        // The JSON 405 answers for unserved methods are not operations.
        const notAllowed = typeof handler === "function" && "methodNotAllowed" in handler;
        if (typeof handler === "function" && !notAllowed) fromFiles.add(`${m} ${openApiPath(file)}`);
      }
    }
    const { doc } = await fetchDoc();
    const fromDoc = new Set(
      Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`)),
    );
    expect(fromFiles.size).toBeGreaterThan(5);
    expect([...fromDoc].sort()).toEqual([...fromFiles].sort());
  });

  it("gives every key-authenticated operation its 400/401/403/429 answers, and 404 where an id is taken", async () => {
    const { doc } = await fetchDoc();
    for (const [p, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const where = `${method} ${p}`;
        if (op.security?.length === 0) continue; // public
        expect({ where, codes: Object.keys(op.responses) }).toEqual({
          where,
          codes: expect.arrayContaining(["400", "401", "403", "429"]),
        });
        if (p.includes("{"))
          expect({ where, has404: "404" in op.responses }).toEqual({ where, has404: true });
      }
    }
  });

  it("has no dangling $ref", async () => {
    const { doc } = await fetchDoc();
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/([^"]+)"/g)].map((m) => m[1] ?? "");
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of new Set(refs)) {
      const target = ref
        .split("/")
        .reduce<unknown>((node, key) => (node as Record<string, unknown>)?.[key], doc);
      expect({ ref, found: target !== undefined }).toEqual({ ref, found: true });
    }
  });
});
