import { existsSync } from "node:fs";

const SYSTEM_CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

/**
 * The browser the e2e tests drive; never downloaded at test time. In order:
 * CHROMIUM_PATH, a system Chromium, then the Chromium that `npm install`
 * brings (@sparticuz/chromium, unpacked to /tmp on first use, ~1.5 s), so the
 * README's two commands are enough on a fresh machine.
 */
export async function findChromium(): Promise<string> {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new Error(`CHROMIUM_PATH=${fromEnv} does not exist`);
  }
  const system = SYSTEM_CANDIDATES.find((p) => existsSync(p));
  if (system) return system;
  const { default: bundled } = await import("@sparticuz/chromium");
  return bundled.executablePath();
}

/**
 * Flags for headless runs as root on a closed network. Not the bundled
 * package's own `args`: those turn off web security and site isolation,
 * which would hide CORS and CSP defects from the tests.
 */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--no-zygote",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
