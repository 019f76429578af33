import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { WidgetFrameConfig } from "./browser/protocol";
import { frameAncestors } from "./origin";
import { contrastText, type WidgetSettings } from "./settings";

export const MAX_VISITOR_MESSAGE_CHARS = 4000;
const TEAM_LABEL = "A person from the team";

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );
/** JSON inside a <script> data block: "<" escaped so no "</script>" can end it early. */
const scriptJson = (v: unknown) => JSON.stringify(v).replace(/</g, "\\u003c");

let scriptVersion: string | undefined;
/** A content hash of the frame script, so a deploy's new script is never mixed with an old cached one. */
function frameScriptVersion(): string {
  if (scriptVersion === undefined) {
    try {
      const file = readFileSync(path.join(process.cwd(), "public", "widget-frame.js"));
      scriptVersion = createHash("sha256").update(file).digest("hex").slice(0, 12);
    } catch {
      scriptVersion = "0";
    }
  }
  return scriptVersion;
}

/** The headers of every widget frame response: embeddable only by the inbox's allowed origins. */
export function frameHeaders(allowedOrigins: string[]): Record<string, string> {
  return {
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-cache",
    "content-security-policy": [
      "default-src 'none'",
      "script-src 'self'",
      "style-src 'unsafe-inline'",
      "img-src 'self' data:",
      "connect-src 'self'",
      `frame-ancestors ${frameAncestors(allowedOrigins)}`,
      "base-uri 'none'",
      "form-action 'none'",
    ].join("; "),
    "referrer-policy": "strict-origin-when-cross-origin",
    "x-content-type-options": "nosniff",
  };
}

/** A page that says why the widget cannot load (shown only if someone opens the frame URL itself). */
export function frameErrorPage(message: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Chat unavailable</title></head><body><p>${escapeHtml(message)}</p></body></html>`;
}

export function framePage(publicKey: string, s: WidgetSettings): string {
  const config: WidgetFrameConfig = {
    publicKey,
    title: s.title,
    welcome: s.welcome,
    teamLabel: TEAM_LABEL,
    maxMessageChars: MAX_VISITOR_MESSAGE_CHARS,
  };
  const title = escapeHtml(s.title);
  const welcome = s.welcome
    ? `<li class="msg bot"><span class="who">${title}</span><p>${escapeHtml(s.welcome)}</p></li>`
    : "";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${css(s.color, contrastText(s.color))}</style>
</head>
<body>
<button id="launcher" class="launcher" type="button" aria-label="Open chat: ${title}" aria-expanded="false" aria-controls="panel">
<svg aria-hidden="true" viewBox="0 0 24 24" width="28" height="28"><path fill="currentColor" d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z"/></svg>
</button>
<section id="panel" class="panel" role="dialog" aria-labelledby="panel-title" hidden>
<header><h1 id="panel-title">${title}</h1>
<button id="close" class="close" type="button" aria-label="Close chat"><svg aria-hidden="true" viewBox="0 0 24 24" width="22" height="22"><path fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" d="M6 6l12 12M18 6L6 18"/></svg></button>
</header>
<div id="log" class="log" role="log" aria-live="polite" aria-label="Conversation" tabindex="0"><ol id="messages" class="messages">${welcome}</ol></div>
<p id="status" class="status" role="status"></p>
<p id="alert" class="alert" role="alert" hidden></p>
<form id="composer" class="composer">
<label for="message" class="sr-only">Message</label>
<textarea id="message" rows="2" maxlength="${MAX_VISITOR_MESSAGE_CHARS}" placeholder="Write a message…" autocomplete="off"></textarea>
<button id="send" class="send" type="submit">Send</button>
</form>
</section>
<script type="application/json" id="widget-config">${scriptJson(config)}</script>
<script src="/widget-frame.js?v=${frameScriptVersion()}" defer></script>
</body>
</html>`;
}

function css(brand: string, onBrand: string): string {
  return `
:root{--brand:${brand};--on-brand:${onBrand};--bg:#fff;--fg:#111827;--muted:#4b5563;--line:#d1d5db;--bubble:#f3f4f6;--alert:#b91c1c}
@media (prefers-color-scheme:dark){:root{--bg:#111827;--fg:#f9fafb;--muted:#d1d5db;--line:#374151;--bubble:#1f2937;--alert:#fca5a5}}
*{box-sizing:border-box}
html,body{margin:0;height:100%;background:transparent;font:15px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
button{font:inherit;cursor:pointer}
:focus-visible{outline:3px solid var(--brand);outline-offset:2px}
.launcher{position:fixed;right:12px;bottom:12px;width:56px;height:56px;border-radius:50%;border:0;background:var(--brand);color:var(--on-brand);display:grid;place-items:center;box-shadow:0 2px 8px rgba(0,0,0,.25)}
.launcher:focus-visible{outline-color:var(--fg);box-shadow:0 0 0 2px var(--bg)}
.launcher[hidden],.panel[hidden]{display:none}
.launcher.unread::after{content:"";position:absolute;top:2px;right:2px;width:14px;height:14px;border-radius:50%;background:#dc2626;border:2px solid #fff}
.msg.typing p{letter-spacing:2px}
.panel{position:fixed;inset:0;display:flex;flex-direction:column;background:var(--bg);color:var(--fg);border:1px solid var(--line)}
/* Desktop (the frame is 400x640): a card with room for its shadow; phones: the whole screen. */
@media (max-width:400px) and (max-height:640px),(min-width:401px){.panel{inset:8px;border-radius:12px;box-shadow:0 4px 16px rgba(0,0,0,.25)}}
header{display:flex;align-items:center;justify-content:space-between;gap:8px;padding:12px 12px 12px 16px;background:var(--brand);color:var(--on-brand);border-radius:inherit;border-bottom-left-radius:0;border-bottom-right-radius:0}
h1{margin:0;font-size:16px;font-weight:600;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.close{width:44px;height:44px;border:0;border-radius:8px;background:transparent;color:inherit;display:grid;place-items:center}
.close:focus-visible{outline-color:var(--on-brand)}
.log{flex:1;overflow-y:auto;padding:12px}
.messages{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:8px}
.msg{max-width:85%;align-self:flex-start}
.msg p{margin:0;padding:8px 12px;border-radius:12px;background:var(--bubble);white-space:pre-wrap;overflow-wrap:anywhere}
.msg .who{display:block;font-size:12px;color:var(--muted);margin:0 4px 2px}
.msg.visitor{align-self:flex-end}
.msg.visitor .who{text-align:right}
.msg.visitor p{background:var(--brand);color:var(--on-brand)}
.msg.human p{border:1px solid var(--brand)}
.status{margin:0;padding:0 12px;font-size:13px;color:var(--muted)}
.status:empty{display:none}
.alert{margin:0;padding:4px 12px;font-size:13px;color:var(--alert)}
.composer{display:flex;gap:8px;padding:12px;border-top:1px solid var(--line)}
textarea{flex:1;resize:none;min-height:44px;max-height:120px;padding:10px 12px;border:1px solid var(--muted);border-radius:8px;background:var(--bg);color:var(--fg);font-family:inherit;font-size:16px;line-height:1.3}
.send{min-width:64px;min-height:44px;padding:0 16px;border:0;border-radius:8px;background:var(--brand);color:var(--on-brand);font-weight:600}
.send:disabled{opacity:.6;cursor:default}
`;
}
