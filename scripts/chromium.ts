import { existsSync } from "node:fs";

const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

/** The browser the e2e tests drive; never downloaded by Playwright. */
export function findChromium(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined;
  return CANDIDATES.find((p) => existsSync(p));
}

export const CHROMIUM_INSTALL_HINT =
  "No Chromium found for the end-to-end tests. Install it with:\n  sudo apt-get install -y chromium\n" +
  "or point CHROMIUM_PATH at a Chromium/Chrome binary.";
