/**
 * The embed script, `/widget.js` (built by scripts/build-widget.ts into public/):
 *
 *   <script src="https://switchboard.example/widget.js" data-inbox="pk_..." async></script>
 *
 * It only places an iframe served by Switchboard (`/widget/<public key>`) in a
 * corner of the page: the launcher, the panel, the conversation and the visitor
 * token all live inside it, on our origin, so no CSS bleeds either way and the
 * host page never sees the token. The iframe tells this script (postMessage, its
 * origin checked) when it is ready and when the panel opens or closes; the
 * script only resizes it. Nothing is shown until the iframe says it is ready, so
 * a site the inbox does not allow (frame-ancestors refuses it) shows nothing.
 */
type FrameState = "closed" | "open";

interface FrameMessage {
  source: "switchboard-widget";
  type: "ready" | "state";
  state?: FrameState;
}

(() => {
  // currentScript is null only for module scripts; a tag injected by a tag manager has it too.
  const script = (document.currentScript ??
    document.querySelector('script[src*="/widget.js"][data-inbox]')) as HTMLScriptElement | null;
  const key = script?.dataset.inbox ?? "";
  if (!script || !/^pk_[A-Za-z0-9]{8,64}$/.test(key)) {
    console.error("Switchboard widget: data-inbox must be the inbox's public key (pk_...).");
    return;
  }
  const host = new URL(script.src, location.href).origin;
  const marker = `data-switchboard-widget-${key}`;
  // Loaded twice (a tag manager, a SPA re-render): one widget.
  if (document.querySelector(`[${marker}]`)) return;

  const frame = document.createElement("iframe");
  frame.setAttribute(marker, "");
  frame.title = "Chat";
  frame.src = `${host}/widget/${encodeURIComponent(key)}`;
  // The frame's own page decides what it may do; this only keeps it from navigating the host page.
  frame.setAttribute("sandbox", "allow-scripts allow-same-origin allow-forms allow-popups");
  frame.setAttribute("allow", "clipboard-write");
  const phone = window.matchMedia("(max-width: 480px)");
  let state: FrameState = "closed";
  let ready = false;

  function layout() {
    const s = frame.style;
    s.cssText = "";
    s.setProperty("position", "fixed", "important");
    s.setProperty("z-index", "2147483000", "important");
    s.setProperty("border", "0", "important");
    s.setProperty("margin", "0", "important");
    s.setProperty("padding", "0", "important");
    s.setProperty("background", "transparent", "important");
    s.setProperty("color-scheme", "normal", "important");
    // A host page's rules for every iframe (display, opacity, transforms...) must not reach ours.
    for (const [prop, value] of [
      ["display", "block"],
      ["opacity", "1"],
      ["transform", "none"],
      ["filter", "none"],
      ["clip-path", "none"],
      ["box-shadow", "none"],
      ["min-width", "0"],
      ["min-height", "0"],
      ["left", "auto"],
      ["top", "auto"],
      ["pointer-events", "auto"],
    ])
      s.setProperty(prop as string, value as string, "important");
    s.setProperty("visibility", ready ? "visible" : "hidden", "important");
    const box =
      state === "closed"
        ? { right: "12px", bottom: "12px", width: "80px", height: "80px", maxHeight: "80px" }
        : phone.matches
          ? { right: "0", bottom: "0", width: "100%", height: "100%", maxHeight: "100%" }
          : {
              right: "16px",
              bottom: "16px",
              width: "400px",
              height: "640px",
              maxHeight: "calc(100% - 32px)",
            };
    s.setProperty("right", box.right, "important");
    s.setProperty("bottom", box.bottom, "important");
    s.setProperty("width", box.width, "important");
    s.setProperty("height", box.height, "important");
    s.setProperty("max-height", box.maxHeight, "important");
    s.setProperty("max-width", "100%", "important");
  }

  window.addEventListener("message", (e: MessageEvent) => {
    if (e.origin !== host || e.source !== frame.contentWindow) return;
    const m = e.data as FrameMessage | null;
    if (m?.source !== "switchboard-widget") return;
    if (m.type === "ready") ready = true;
    if (m.type === "state" && (m.state === "open" || m.state === "closed")) state = m.state;
    layout();
  });
  phone.addEventListener("change", layout);

  layout();
  const mount = () => document.body.appendChild(frame);
  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount, { once: true });
})();
