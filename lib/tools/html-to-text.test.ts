import { describe, expect, it } from "vitest";
import { extractTitle, htmlToText, readHtml } from "./html-to-text";

describe("htmlToText", () => {
  const page = `<!doctype html><html><head><title> Caf&eacute; &amp; Bar </title>
    <style>body { color: red }</style><script>alert("x")</script></head>
    <body><!-- hidden --><h1>Menu</h1><p>Coffee&nbsp;&#8212; 2&euro;</p>
    <ul><li>Tea</li><li>Cake &lt;3</li></ul><noscript>enable js</noscript></body></html>`;

  it("keeps visible text only, with line breaks for blocks", () => {
    expect(htmlToText(page)).toBe("Menu\nCoffee — 2€\nTea\nCake <3");
  });

  it("leaves unknown entities alone and decodes numeric ones as the HTML spec does", () => {
    // &#0; is not a character: the spec (and browsers) show U+FFFD.
    expect(htmlToText("<p>a &zzz; b &#0; c &#x1F600; d &amp e</p>")).toBe("a &zzz; b \uFFFD c 😀 d & e");
  });

  it("reads the title", () => {
    expect(extractTitle(page)).toBe("Café & Bar");
    expect(extractTitle("<p>no title</p>")).toBeUndefined();
    expect(extractTitle("<svg><title>icon</title></svg><title>Page</title>")).toBe("Page");
    // A title is never shown, wherever it is and however many there are.
    expect(readHtml("<title>A</title><p>text</p><title>B</title>")).toMatchObject({
      title: "A",
      text: "text",
    });
  });

  it("drops every invisible part, however it is nested or left open", () => {
    const html =
      "<p>one</p><template><p>tpl</p></template><svg><text>svg</text><svg/></svg><iframe>frame</iframe>" +
      "<object><object>obj</object>inner</object><noscript><noscript>ns</noscript>x</noscript><p>two</p>";
    expect(htmlToText(html)).toBe("one\ntwo");
    expect(htmlToText("<p>visible</p><svg/><p>after a self-closed svg</p>")).toBe(
      "visible\nafter a self-closed svg",
    );
    expect(htmlToText("<p>before</p><script>never();")).toBe("before");
    // Stray end tags close nothing.
    expect(htmlToText("</script></style><p>kept</p></head>")).toBe("kept");
  });

  it("treats a <head> without </head> as closed when the body starts, as browsers do", () => {
    expect(htmlToText("<html><head><title>T</title><meta charset=utf-8><p>body text")).toBe("body text");
    expect(htmlToText("<head><title>T</title><style>x{}</style>\n  loose text")).toBe("loose text");
  });

  it("keeps line breaks inside <pre> and collapses whitespace elsewhere", () => {
    expect(htmlToText("<p>a \n\t b</p><pre>x\n  y</pre>")).toBe("a b\nx\ny");
  });

  it("cuts the text at maxChars and says so", () => {
    expect(readHtml("<p>abcdef</p><p>ghij</p>", { maxChars: 6 })).toEqual({
      text: "abcdef",
      title: undefined,
      truncated: true,
    });
    expect(readHtml("<p>abcdef</p>", { maxChars: 6 })).toMatchObject({ text: "abcdef", truncated: false });
    expect(readHtml("<p>abc</p><p>def</p>", { maxChars: 5 })).toMatchObject({
      text: "abc\nd",
      truncated: true,
    });
  });
});

describe("htmlToText on hostile input", () => {
  const MB2 = 2_000_000;
  // Each of these took the old regex pipeline seconds to hours (quadratic):
  // the vitest timeout is the guard, the bounds below are only generous sanity checks.
  const cases: [string, string][] = [
    ["2 MB of <!--", "<!--".repeat(MB2 / 4)],
    ["an unclosed <script followed by 2 MB", `<p>x</p><script${" a".repeat(MB2 / 2)}`],
    ["a million <", "<".repeat(1_000_000)],
    ["deeply nested tags", "<div>".repeat(MB2 / 10) + "</x>".repeat(MB2 / 8)],
    ["nested svg with unmatched end tags", "<svg>".repeat(MB2 / 10) + "</g>".repeat(MB2 / 8)],
    ["a storm of &#", "&#".repeat(MB2 / 2)],
    ["entity-like runs", "&a".repeat(MB2 / 2)],
    ["open tags with endless attributes", `<a ${"b=".repeat(MB2 / 2)}`],
    ["spaces between tags", `<p>${" ".repeat(MB2)}</p>x`],
  ];

  it.each(cases)("converts %s in linear time", (_name, html) => {
    const started = performance.now();
    const out = readHtml(html, { maxChars: 20_000 });
    expect(out.text.length).toBeLessThanOrEqual(20_000);
    // Linear: ~10-100 ms here. The old code needed minutes for 2 MB of <!--.
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
