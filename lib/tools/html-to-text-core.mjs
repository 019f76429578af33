// Readable text from untrusted HTML in one linear pass. Plain JavaScript so
// the worker (html-to-text.worker.mjs) can load it with no TypeScript loader,
// in dev (tsx), in tests and in the Next production build alike.
//
// It drives htmlparser2's Tokenizer, not its Parser: the Parser keeps an open-
// element stack with Array#unshift and Array#indexOf, which is quadratic on
// deep nesting or on runs of unmatched end tags (measured: 900 KB of
// `<div>`…`</x>` took 35 s). Here every tag costs O(1): counters, no stack.
import { Tokenizer } from "htmlparser2";

/** Never shown: their text is code, styling, metadata or another document. */
const HIDDEN = new Set([
  "script",
  "style",
  "noscript",
  "template",
  "svg",
  "iframe",
  "object",
  "head",
  "title",
]);

/** Elements that start on a new line. */
const BLOCK = new Set([
  "p",
  "div",
  "br",
  "li",
  "ul",
  "ol",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "tr",
  "table",
  "section",
  "article",
  "header",
  "footer",
  "nav",
  "main",
  "aside",
  "blockquote",
  "pre",
  "hr",
  "dd",
  "dt",
  "dl",
  "figure",
  "figcaption",
  "form",
  "fieldset",
  "address",
  "details",
  "summary",
  "caption",
  "body",
  "html",
]);

/** What may stay in <head>; anything else opens the body, as browsers do when </head> is missing. */
const HEAD_CONTENT = new Set(["title", "meta", "link", "style", "script", "base", "noscript", "template"]);

/** Foreign content (SVG, MathML), where `<x/>` really closes the element. */
const FOREIGN = new Set(["svg", "math"]);

const MAX_TITLE = 1_000;

/** Space, tab, CR, LF, FF, VT and NBSP count as whitespace; NBSP too, as before. */
function isSpace(code) {
  return code === 32 || (code >= 9 && code <= 13) || code === 0xa0;
}

/**
 * @param {string} html
 * @param {{ maxChars?: number }} [opts]
 * @returns {{ text: string, title: string | undefined, truncated: boolean }}
 */
export function readHtml(html, opts = {}) {
  const maxChars = opts.maxChars ?? Number.POSITIVE_INFINITY;
  const parts = [];
  let length = 0;
  let truncated = false;
  // Separators wait until the next visible character, so none lead or trail.
  let pendingSpace = false;
  let pendingBreak = false;

  const open = new Map(); // hidden element name -> open count
  let hiddenDepth = 0;
  let foreignDepth = 0;
  let preDepth = 0;
  let inHead = false;
  let bodyStarted = false;

  let titleState = 0; // 0: not seen, 1: inside the first <title>, 2: done
  let title = "";
  let titleSpace = false;

  let tagName = "";
  let tagIsClose = false;

  function emitVisible(s) {
    if (truncated) return;
    let runStart = -1;
    const flushRun = (end) => {
      if (runStart < 0) return;
      if (length > 0 && (pendingBreak || pendingSpace)) {
        if (length + 1 > maxChars) {
          truncated = true;
          runStart = -1;
          return;
        }
        parts.push(pendingBreak ? "\n" : " ");
        length += 1;
      }
      pendingBreak = false;
      pendingSpace = false;
      let piece = s.slice(runStart, end);
      if (length + piece.length > maxChars) {
        piece = piece.slice(0, Math.max(0, maxChars - length));
        truncated = true;
      }
      parts.push(piece);
      length += piece.length;
      runStart = -1;
    };
    for (let i = 0; i < s.length && !truncated; i++) {
      const code = s.charCodeAt(i);
      if (isSpace(code)) {
        flushRun(i);
        if (preDepth > 0 && code === 10) pendingBreak = true;
        else pendingSpace = true;
      } else if (runStart < 0) {
        runStart = i;
      }
    }
    if (!truncated) flushRun(s.length);
  }

  function emitTitle(s) {
    for (let i = 0; i < s.length && title.length < MAX_TITLE; i++) {
      const code = s.charCodeAt(i);
      if (isSpace(code)) titleSpace = title.length > 0;
      else {
        if (titleSpace) title += " ";
        titleSpace = false;
        title += s[i];
      }
    }
  }

  function text(s) {
    if (titleState === 1) return emitTitle(s);
    if (hiddenDepth > 0) return;
    // Visible text where <head> content belongs starts the body, as in a browser.
    if (inHead && !bodyStarted) {
      if (!hasVisible(s)) return;
      inHead = false;
      bodyStarted = true;
    }
    emitVisible(s);
  }

  function hasVisible(s) {
    for (let i = 0; i < s.length; i++) if (!isSpace(s.charCodeAt(i))) return true;
    return false;
  }

  function openTag(name) {
    if (name === "head") {
      if (!bodyStarted) inHead = true;
      return;
    }
    if (name === "body" || (inHead && !HEAD_CONTENT.has(name))) {
      bodyStarted = true;
      inHead = false;
    }
    if (name === "title" && titleState === 0 && foreignDepth === 0) titleState = 1;
    if (FOREIGN.has(name)) foreignDepth += 1;
    if (name === "pre" || name === "textarea") preDepth += 1;
    if (HIDDEN.has(name)) {
      open.set(name, (open.get(name) ?? 0) + 1);
      hiddenDepth += 1;
    }
    boundary(name);
  }

  function closeTag(name) {
    if (name === "head") {
      inHead = false;
      return;
    }
    if (name === "title" && titleState === 1) titleState = 2;
    if (FOREIGN.has(name) && foreignDepth > 0) foreignDepth -= 1;
    if ((name === "pre" || name === "textarea") && preDepth > 0) preDepth -= 1;
    // An end tag with no open element of that name is ignored, as a browser would.
    const count = open.get(name);
    if (count) {
      open.set(name, count - 1);
      hiddenDepth -= 1;
    }
    boundary(name);
  }

  function boundary(name) {
    if (BLOCK.has(name)) pendingBreak = true;
    else pendingSpace = true;
  }

  const tokenizer = new Tokenizer(
    { decodeEntities: true, xmlMode: false, recognizeSelfClosing: false },
    {
      ontext(start, end) {
        text(html.slice(start, end));
      },
      ontextentity(codepoint) {
        text(String.fromCodePoint(codepoint));
      },
      onopentagname(start, end) {
        tagName = html.slice(start, end).toLowerCase();
        tagIsClose = false;
        openTag(tagName);
      },
      onselfclosingtag() {
        // `<svg/>` (and anything inside foreign content) closes itself; `<div/>` does not.
        if (!tagIsClose && (FOREIGN.has(tagName) || foreignDepth > 0)) closeTag(tagName);
      },
      onclosetag(start, end) {
        tagName = html.slice(start, end).toLowerCase();
        tagIsClose = true;
        closeTag(tagName);
      },
      oncomment() {
        pendingSpace = true;
      },
      isInForeignContext() {
        return foreignDepth > 0;
      },
      onopentagend() {},
      onattribname() {},
      onattribdata() {},
      onattribentity() {},
      onattribend() {},
      oncdata() {},
      ondeclaration() {},
      onprocessinginstruction() {},
      onend() {},
    },
  );
  tokenizer.write(html);
  tokenizer.end();
  return { text: parts.join(""), title: title || undefined, truncated };
}
