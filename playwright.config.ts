import { defineConfig, devices } from "@playwright/test";
import { CHROMIUM_ARGS, findChromium } from "./scripts/chromium";

const chromium = await findChromium();

const PORT = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://localhost:${PORT}`;
const launchOptions = {
  executablePath: chromium,
  args: CHROMIUM_ARGS,
};

// The billing specs need billing on (scripts/e2e-server.ts starts a Stripe fake and gives the app its
// keys) and every other spec needs it off: they run on their own, `E2E_BILLING=1 playwright test`
// (npm test's e2e-billing step). plan-limits.spec skips itself unless STRIPE_SECRET_KEY is set here.
const billing = process.env.E2E_BILLING === "1";
if (billing) process.env.STRIPE_SECRET_KEY ??= "sk_test_e2e";
const BILLING_SPECS = /\/(billing|plan-limits)\.spec\.ts$/;

export default defineConfig({
  testDir: "e2e",
  // A matcher, not testIgnore: the phone project's own testIgnore would replace a global one.
  testMatch: billing ? BILLING_SPECS : /(?<!\/billing)\.spec\.ts$/,
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
