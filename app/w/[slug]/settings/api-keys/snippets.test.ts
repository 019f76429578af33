import { describe, expect, it } from "vitest";
import { buildSnippets, KEY_PLACEHOLDER } from "./snippets";

const SECRET = `sbk_AbCdEfGh_${"x".repeat(40)}`;
const base = { mcpUrl: "http://127.0.0.1:3001/mcp", appUrl: "http://localhost:3000/" };
const byId = (s: ReturnType<typeof buildSnippets>, id: string) => s.find((x) => x.id === id)?.text ?? "";

describe("buildSnippets", () => {
  it("uses the placeholder until a key was just created, then the key everywhere", () => {
    const empty = buildSnippets(base);
    expect(empty.every((s) => s.text.includes(KEY_PLACEHOLDER))).toBe(true);
    const filled = buildSnippets({ ...base, secret: SECRET });
    expect(filled.every((s) => s.text.includes(SECRET) && !s.text.includes(KEY_PLACEHOLDER))).toBe(true);
  });

  it("Claude Desktop goes through mcp-remote with the key in env, not in args", () => {
    const cfg = JSON.parse(byId(buildSnippets({ ...base, secret: SECRET }), "claude-desktop"));
    const server = cfg.mcpServers.switchboard;
    expect(server.command).toBe("npx");
    expect(server.args).toEqual([
      "-y",
      "mcp-remote",
      base.mcpUrl,
      "--transport",
      "http-only",
      "--header",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal mcp-remote expands from env.
      "Authorization:${SWITCHBOARD_AUTH}",
    ]);
    expect(server.env).toEqual({ SWITCHBOARD_AUTH: `Bearer ${SECRET}` });
  });

  it("adds --allow-http only for plain http to a non-loopback host", () => {
    const lan = JSON.parse(
      byId(buildSnippets({ ...base, mcpUrl: "http://10.0.0.5:3001/mcp" }), "claude-desktop"),
    );
    expect(lan.mcpServers.switchboard.args).toContain("--allow-http");
    const tls = JSON.parse(
      byId(buildSnippets({ ...base, mcpUrl: "https://mcp.example.com/mcp" }), "claude-desktop"),
    );
    expect(tls.mcpServers.switchboard.args).not.toContain("--allow-http");
  });

  it("Cursor gets url + Authorization header; the generic form names the transport and REST", () => {
    const s = buildSnippets({ ...base, secret: SECRET });
    expect(JSON.parse(byId(s, "cursor"))).toEqual({
      mcpServers: { switchboard: { url: base.mcpUrl, headers: { Authorization: `Bearer ${SECRET}` } } },
    });
    expect(byId(s, "http")).toContain("Transport:  Streamable HTTP");
    expect(byId(s, "http")).toContain("http://localhost:3000/api/v1/agents");
  });

  it("offers stdio only when the entry point exists, with the key and no placeholder DATABASE_URL", () => {
    expect(byId(buildSnippets(base), "claude-desktop-stdio")).toBe("");
    const cfg = JSON.parse(
      byId(buildSnippets({ ...base, stdioRepoPath: "/srv/switchboard" }), "claude-desktop-stdio"),
    );
    expect(cfg.mcpServers.switchboard).toEqual({
      command: "/srv/switchboard/node_modules/.bin/tsx",
      args: ["/srv/switchboard/mcp-server/stdio.ts"],
      env: { SWITCHBOARD_API_KEY: KEY_PLACEHOLDER },
    });
  });
});
