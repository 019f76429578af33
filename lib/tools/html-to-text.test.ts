import { describe, expect, it } from "vitest";
import { extractTitle, htmlToText } from "./html-to-text";

describe("htmlToText", () => {
  const page = `<!doctype html><html><head><title> Caf&eacute; &amp; Bar </title>
    <style>body { color: red }</style><script>alert("x")</script></head>
    <body><!-- hidden --><h1>Menu</h1><p>Coffee&nbsp;&#8212; 2&euro;</p>
    <ul><li>Tea</li><li>Cake &lt;3</li></ul><noscript>enable js</noscript></body></html>`;

  it("keeps visible text only, with line breaks for blocks", () => {
    expect(htmlToText(page)).toBe("Menu\nCoffee — 2€\nTea\nCake <3");
  });

  it("leaves unknown entities alone", () => {
    expect(htmlToText("<p>a &zzz; b &#0; c</p>")).toBe("a &zzz; b &#0; c");
  });

  it("reads the title", () => {
    expect(extractTitle(page)).toBe("Café & Bar");
    expect(extractTitle("<p>no title</p>")).toBeUndefined();
  });
});
