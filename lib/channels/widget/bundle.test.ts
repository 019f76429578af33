import { readFile } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { buildWidgetScripts } from "./build";

// The scripts in public/ are built from lib/channels/widget/browser/ and committed:
// they must be what a fresh build gives, and stay small (sites load them on every page).
describe("widget scripts", () => {
  it("are up to date with their sources (run tsx scripts/build-widget.ts) and small", async () => {
    for (const out of await buildWidgetScripts()) {
      const committed = await readFile(out.file, "utf8");
      expect(committed, out.file).toBe(out.code);
      expect(gzipSync(out.code).length, out.file).toBeLessThan(30 * 1024);
    }
  });

  it("the loader injects no framework and only talks to its own frame", async () => {
    const [loader] = await buildWidgetScripts();
    expect(gzipSync(loader?.code ?? "").length).toBeLessThan(4 * 1024);
    expect(loader?.code).not.toMatch(/react/i);
    expect(loader?.code).toContain("switchboard-widget");
  });
});
