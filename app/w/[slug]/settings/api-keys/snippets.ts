/** The placeholder shown until a key has just been created on this page. */
export const KEY_PLACEHOLDER = "sbk_...";

export interface SnippetInput {
  /** The MCP endpoint (Streamable HTTP). */
  mcpUrl: string;
  /** The app's own URL, for the REST example. */
  appUrl: string;
  /** The just-created secret, or undefined for the placeholder. */
  secret?: string;
  /** Where this server's checkout lives, when the stdio entry point exists there. */
  stdioRepoPath?: string;
}

export interface Snippet {
  id: "claude-desktop" | "claude-desktop-stdio" | "cursor" | "http";
  title: string;
  /** Where the text goes. */
  where: string;
  text: string;
}

// biome-ignore lint/suspicious/noTemplateCurlyInString: mcp-remote expands ${VAR} from its env itself.
const AUTH_ARG = "Authorization:${SWITCHBOARD_AUTH}";
const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * Claude Desktop's config file starts local (stdio) servers only, so the HTTP
 * endpoint is reached through the `mcp-remote` bridge. The key rides in an env
 * variable, referenced from the header argument, as mcp-remote documents: it
 * keeps spaces out of args (which some platforms split).
 */
function claudeDesktop(url: string, key: string): string {
  const { protocol, hostname } = new URL(url);
  const args = ["-y", "mcp-remote", url, "--transport", "http-only", "--header", AUTH_ARG];
  // mcp-remote refuses plain http except to loopback unless told otherwise.
  if (protocol === "http:" && !LOOPBACK.has(hostname)) args.push("--allow-http");
  return json({
    mcpServers: { switchboard: { command: "npx", args, env: { SWITCHBOARD_AUTH: `Bearer ${key}` } } },
  });
}

/**
 * Runs the MCP server as a child process of the assistant, straight on the
 * database. The checkout's own tsx, not `npx tsx`: npx resolves from the
 * client's working directory and would fetch a different copy. No
 * DATABASE_URL here: the entry point reads the checkout's .env, or finds the
 * embedded database of a running `npm run dev`; a placeholder would override that.
 */
function claudeDesktopStdio(repo: string, key: string): string {
  return json({
    mcpServers: {
      switchboard: {
        command: `${repo}/node_modules/.bin/tsx`,
        args: [`${repo}/mcp-server/stdio.ts`],
        env: { SWITCHBOARD_API_KEY: key },
      },
    },
  });
}

const json = (v: unknown) => JSON.stringify(v, null, 2);

export function buildSnippets({ mcpUrl, appUrl, secret, stdioRepoPath }: SnippetInput): Snippet[] {
  const key = secret ?? KEY_PLACEHOLDER;
  const snippets: Snippet[] = [
    {
      id: "claude-desktop",
      title: "Claude Desktop",
      where:
        "Settings → Developer → Edit Config (claude_desktop_config.json), then restart Claude. Needs Node.js.",
      text: claudeDesktop(mcpUrl, key),
    },
    {
      id: "cursor",
      title: "Cursor",
      where:
        ".cursor/mcp.json in your project (keep it out of git), or ~/.cursor/mcp.json for every project.",
      text: json({
        mcpServers: { switchboard: { url: mcpUrl, headers: { Authorization: `Bearer ${key}` } } },
      }),
    },
    {
      id: "http",
      title: "Any Streamable HTTP client",
      where:
        "Clients that speak MCP over HTTP take the URL and one header. The same key works for the REST API.",
      text: [
        `URL:        ${mcpUrl}`,
        "Transport:  Streamable HTTP",
        `Header:     Authorization: Bearer ${key}`,
        "",
        "# REST API (OpenAPI document at /api/v1/openapi.json)",
        `curl -H "Authorization: Bearer ${key}" ${appUrl.replace(/\/$/, "")}/api/v1/agents`,
      ].join("\n"),
    },
  ];
  if (stdioRepoPath) {
    snippets.push({
      id: "claude-desktop-stdio",
      title: "Claude Desktop on this server's machine (stdio)",
      where:
        "Alternative without the HTTP server, on the machine that has this checkout: Claude starts the MCP server itself. It finds the database through the checkout's .env (DATABASE_URL) or a running `npm run dev`; otherwise add DATABASE_URL to env.",
      text: claudeDesktopStdio(stdioRepoPath, key),
    });
  }
  return snippets;
}
