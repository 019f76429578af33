import path from "node:path";

/**
 * Builds the widget's two browser scripts (see scripts/build-widget.ts): one
 * IIFE each, minified, for browsers of the last few years (ES2019). esbuild is
 * the one tsx already runs on: a build-time tool, never loaded by the app.
 */
export async function buildWidgetScripts(root = process.cwd()): Promise<{ file: string; code: string }[]> {
  const { build } = await import("esbuild");
  const entries = [
    { entry: "lib/channels/widget/browser/loader.ts", out: "public/widget.js" },
    { entry: "lib/channels/widget/browser/frame.ts", out: "public/widget-frame.js" },
  ];
  return Promise.all(
    entries.map(async ({ entry, out }) => {
      const result = await build({
        entryPoints: [path.join(root, entry)],
        bundle: true,
        format: "iife",
        target: "es2019",
        minify: true,
        write: false,
        legalComments: "none",
        charset: "utf8",
        logLevel: "silent",
      });
      const code = `/* Switchboard chat widget (built from ${entry}) */\n${result.outputFiles[0]?.text ?? ""}`;
      return { file: path.join(root, out), code };
    }),
  );
}
