/**
 * The widget's iframe (`/widget/<public key>`, script built into
 * public/widget-frame.js): launcher, panel and conversation. Plain DOM, no
 * framework: it loads on every page of the sites that embed it. The visitor
 * token lives in this origin's localStorage (partitioned per embedding site by
 * the browser), so a reload continues the conversation.
 */
import type { WidgetFrameConfig, WidgetMessage } from "./protocol";
import { readStream } from "./sse";

const config = JSON.parse(
  (document.getElementById("widget-config") as HTMLScriptElement).textContent ?? "{}",
) as WidgetFrameConfig;
const api = `/api/widget/${encodeURIComponent(config.publicKey)}`;
const storageKey = `switchboard-widget:${config.publicKey}`;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const launcher = $<HTMLButtonElement>("launcher");
const panel = $<HTMLElement>("panel");
const closeButton = $<HTMLButtonElement>("close");
const log = $<HTMLElement>("log");
const list = $<HTMLOListElement>("messages");
const form = $<HTMLFormElement>("composer");
const input = $<HTMLTextAreaElement>("message");
const sendButton = $<HTMLButtonElement>("send");
const statusLine = $<HTMLElement>("status");
const alertLine = $<HTMLElement>("alert");

let token: string | null = readToken();
let conversationId: string | null = null;
let lastIndex = 0;
let handledBy: "bot" | "human" = "bot";
let sending = false;
let historyPending = false;
/** The "…" shown while the bot answers on the worker; the reply replaces it. */
let waiting: HTMLLIElement | null = null;
let events: AbortController | null = null;
const shown = new Set<string>();

function readToken(): string | null {
  try {
    return localStorage.getItem(storageKey);
  } catch {
    return null; // storage blocked: the conversation lasts as long as the page
  }
}
function saveToken(t: string) {
  token = t;
  try {
    localStorage.setItem(storageKey, t);
  } catch {
    // see readToken
  }
}

function post(type: "ready" | "state", state?: "open" | "closed") {
  // "*": the host page's origin is not known here; the message carries no secret.
  window.parent.postMessage({ source: "switchboard-widget", type, state }, "*");
}

function setOpen(open: boolean) {
  panel.hidden = !open;
  launcher.hidden = open;
  launcher.setAttribute("aria-expanded", String(open));
  document.body.classList.toggle("open", open);
  post("state", open ? "open" : "closed");
  if (open) {
    markUnread(false);
    input.focus();
    scrollToEnd();
    void connectEvents();
  } else {
    launcher.focus();
  }
}

launcher.addEventListener("click", () => setOpen(true));
closeButton.addEventListener("click", () => setOpen(false));
document.addEventListener("keydown", (e) => {
  if (e.key === "Escape" && !panel.hidden) setOpen(false);
});

function scrollToEnd() {
  log.scrollTop = log.scrollHeight;
}

function bubble(role: WidgetMessage["role"], text: string, id?: string): HTMLLIElement {
  const li = document.createElement("li");
  li.className = `msg ${role}`;
  if (id) li.dataset.id = id;
  const who = document.createElement("span");
  who.className = "who";
  who.textContent = role === "visitor" ? "You" : role === "human" ? config.teamLabel : config.title;
  const body = document.createElement("p");
  body.textContent = text;
  li.append(who, body);
  list.appendChild(li);
  scrollToEnd();
  return li;
}

/** A reply that arrives while the panel is closed marks the launcher, so the visitor notices it. */
function markUnread(unread: boolean) {
  launcher.classList.toggle("unread", unread);
  launcher.setAttribute("aria-label", `Open chat: ${config.title}${unread ? " (new message)" : ""}`);
}

function showMessages(messages: WidgetMessage[]) {
  for (const m of messages) {
    lastIndex = Math.max(lastIndex, m.index);
    if (shown.has(m.id)) continue;
    shown.add(m.id);
    // A visitor message shown optimistically gets its stored id instead of a second bubble.
    const pending = list.querySelector<HTMLLIElement>(`li[data-pending="${m.clientId ?? ""}"]`);
    if (pending && m.clientId) {
      pending.removeAttribute("data-pending");
      pending.dataset.id = m.id;
      continue;
    }
    if (m.role !== "visitor") waiting?.remove();
    if (m.role === "human") typing?.remove();
    bubble(m.role, m.text, m.id);
    if (panel.hidden && m.role !== "visitor") markUnread(true);
  }
}

/** A person from the team is typing: "…" in their name until their message comes, or a few seconds pass. */
let typing: HTMLLIElement | null = null;
let typingTimer: ReturnType<typeof setTimeout> | undefined;
function showTyping() {
  if (!typing?.isConnected) {
    typing = bubble("human", "…");
    typing.classList.add("typing");
    typing.setAttribute("aria-label", `${config.teamLabel} is typing`);
  }
  const dots = typing;
  clearTimeout(typingTimer);
  typingTimer = setTimeout(() => dots.remove(), 6000);
}

function setHandledBy(h: "bot" | "human") {
  if (h === handledBy) return;
  handledBy = h;
  statusLine.textContent =
    h === "human" ? `You are now chatting with ${config.teamLabel.toLowerCase()}.` : "";
}

function showError(message: string) {
  alertLine.textContent = message;
  alertLine.hidden = !message;
}

async function request(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (token) headers.set("authorization", `Bearer ${token}`);
  if (init.body) headers.set("content-type", "application/json");
  return fetch(`${api}${path}`, { ...init, headers });
}

async function errorText(res: Response): Promise<{ message: string; reason?: string }> {
  try {
    const body = (await res.json()) as { error?: { message?: string; details?: { reason?: string } } };
    return { message: body.error?.message ?? "Something went wrong.", reason: body.error?.details?.reason };
  } catch {
    return { message: "Something went wrong. Try again." };
  }
}

async function startSession(): Promise<void> {
  const res = await request("/session", { method: "POST", body: JSON.stringify({}) });
  if (!res.ok) throw new Error((await errorText(res)).message);
  const body = (await res.json()) as { token: string; conversationId: string | null };
  saveToken(body.token);
  conversationId = body.conversationId;
}

async function loadHistory(): Promise<void> {
  if (!conversationId) return;
  // While a reply streams in, its stored copy is shown by the stream itself: read the rest afterwards.
  if (sending) {
    historyPending = true;
    return;
  }
  const res = await request(`/messages?after=${lastIndex}`);
  if (res.status === 401) return void (await restart());
  if (!res.ok) return;
  const body = (await res.json()) as { handledBy: "bot" | "human"; messages: WidgetMessage[] };
  setHandledBy(body.handledBy);
  showMessages(body.messages);
}

/** The token went bad (expired, its inbox's key rotated): a new visitor, a new conversation. */
async function restart() {
  token = null;
  conversationId = null;
  events?.abort();
  events = null;
  await startSession();
}

/** Live updates: a human's reply (or a bot reply made elsewhere) arrives without a reload. */
async function connectEvents(): Promise<void> {
  if (events || !conversationId || !token) return;
  const controller = new AbortController();
  events = controller;
  let delay = 1000;
  while (!controller.signal.aborted) {
    try {
      const res = await request("/events", { signal: controller.signal });
      if (res.status === 401) {
        events = null;
        return;
      }
      if (res.ok && res.body) {
        delay = 1000;
        await loadHistory();
        await readStream(res, (e) => {
          if (e.event === "change") void loadHistory();
          else if (e.event === "typing") showTyping();
        });
      }
    } catch {
      if (controller.signal.aborted) return;
    }
    // The stream ended (a deploy, the server's periodic close) or failed: catch up, then reconnect.
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 30_000);
    await loadHistory().catch(() => {});
  }
}

form.addEventListener("submit", (e) => {
  e.preventDefault();
  void send();
});
input.addEventListener("keydown", (e) => {
  if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
    e.preventDefault();
    void send();
  }
});

async function send(): Promise<void> {
  const text = input.value.trim();
  if (!text || sending) return;
  if (text.length > config.maxMessageChars) {
    showError(`Messages can be at most ${config.maxMessageChars} characters.`);
    return;
  }
  sending = true;
  sendButton.disabled = true;
  showError("");
  const clientId = crypto.randomUUID();
  const mine = bubble("visitor", text);
  mine.dataset.pending = clientId;
  input.value = "";
  let reply: HTMLLIElement | null = null;
  try {
    if (!token) await startSession();
    let res = await request("/messages", { method: "POST", body: JSON.stringify({ text, clientId }) });
    if (res.status === 401) {
      await restart();
      res = await request("/messages", { method: "POST", body: JSON.stringify({ text, clientId }) });
    }
    if (!res.ok) {
      const err = await errorText(res);
      mine.remove();
      input.value = text;
      showError(err.message);
      return;
    }
    if (res.headers.get("content-type")?.startsWith("text/event-stream")) {
      log.setAttribute("aria-busy", "true");
      // Until the first words arrive: the bot is writing.
      reply = bubble("bot", "…");
      reply.classList.add("typing");
      let started = false;
      await readStream(res, (ev) => {
        if (ev.event === "session") {
          saveToken(ev.data.token);
          conversationId = ev.data.conversationId;
        } else if (ev.event === "stored") {
          showMessages([ev.data]);
        } else if (ev.event === "delta") {
          reply ??= bubble("bot", "");
          const p = reply.querySelector("p") as HTMLParagraphElement;
          if (!started) {
            started = true;
            reply.classList.remove("typing");
            p.textContent = "";
          }
          p.textContent += ev.data.text;
          scrollToEnd();
        } else if (ev.event === "done") {
          started = true;
          if (reply) {
            reply.classList.remove("typing");
            reply.dataset.id = ev.data.id;
            (reply.querySelector("p") as HTMLParagraphElement).textContent = ev.data.text;
          } else reply = bubble("bot", ev.data.text, ev.data.id);
          shown.add(ev.data.id);
          lastIndex = Math.max(lastIndex, ev.data.index);
        } else if (ev.event === "error") {
          if (!started) reply?.remove();
          reply = null;
          showError(ev.data.message);
        }
      });
      if (reply && !started && !reply.dataset.id) reply.remove();
    } else {
      const body = (await res.json()) as {
        token: string;
        conversationId: string;
        handledBy: "bot" | "human";
        message: WidgetMessage;
        replyQueued?: boolean;
      };
      saveToken(body.token);
      conversationId = body.conversationId;
      setHandledBy(body.handledBy);
      showMessages([body.message]);
      if (body.replyQueued) {
        waiting?.remove();
        const dots = bubble("bot", "…");
        dots.classList.add("typing");
        waiting = dots;
        // A reply that failed on the worker never comes: do not show "…" forever.
        setTimeout(() => dots.remove(), 60_000);
      } else if (body.handledBy === "bot") {
        statusLine.textContent = "Thanks! The team will reply here.";
      }
    }
    void connectEvents();
  } catch {
    showError("The message could not be sent. Check your connection and try again.");
    if (!mine.dataset.id) {
      mine.remove();
      input.value = text;
    }
  } finally {
    log.removeAttribute("aria-busy");
    sending = false;
    sendButton.disabled = false;
    if (historyPending) {
      historyPending = false;
      void loadHistory();
    }
  }
}

async function boot() {
  // The page loaded, so this site may embed it: show the launcher now, the session follows.
  post("ready");
  post("state", "closed");
  try {
    if (token) {
      const res = await request("/session", { method: "POST", body: JSON.stringify({}) });
      if (res.ok) {
        const body = (await res.json()) as { token: string; conversationId: string | null };
        saveToken(body.token);
        conversationId = body.conversationId;
      } else token = null;
    }
    await loadHistory();
    // A returning visitor hears replies even with the panel closed (the launcher shows them).
    void connectEvents();
  } catch {
    // Offline for now: the visitor can still open the panel; sending retries the session.
  }
}

void boot();
