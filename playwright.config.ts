import { defineConfig, devices } from "@playwright/test";
import { CHROMIUM_ARGS, findChromium } from "./scripts/chromium";

const chromium = await findChromium();

const PORT = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://localhost:${PORT}`;
const launchOptions = {
  executablePath: chromium,
  args: CHROMIUM_ARGS,
};

// e2e/billing.spec.ts needs billing on (a Stripe fake, scripts/e2e-server.ts) and every other spec
// needs it off: it runs on its own, `E2E_BILLING=1 playwright test` (npm test's e2e-billing step).
const billing = process.env.E2E_BILLING === "1";

export default defineConfig({
  testDir: "e2e",
  // A matcher, not testIgnore: the phone project's own testIgnore would replace a global one.
  testMatch: billing ? /\/billing\.spec\.ts$/ : /(?<!\/billing)\.spec\.ts$/,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: { baseURL, trace: "retain-on-failure", screenshot: "only-on-failure", launchOptions },
  projects: [
    { name: "desktop", use: { ...devices["Desktop Chrome"], launchOptions } },
    {
      name: "phone",
      // HTTP and MCP checks do not depend on the viewport; they run once, in the desktop project.
      testIgnore: /(api|mcp-inspector)\.spec\.ts$/,
      use: { ...devices["Pixel 7"], viewport: { width: 375, height: 812 }, launchOptions },
    },
  ],
  webServer: {
    command: `node_modules/.bin/tsx scripts/e2e-server.ts ${PORT}`,
    url: `${baseURL}/api/health`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
  },
});
