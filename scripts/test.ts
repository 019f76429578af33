// `npm test`: every tier, in order of cost; stops at the first failing step.
import { spawnSync } from "node:child_process";

const only = process.argv[2];
const steps: { name: string; cmd: string[]; env?: Record<string, string> }[] = [
  { name: "typecheck", cmd: ["node_modules/.bin/tsc", "--noEmit"] },
  { name: "lint", cmd: ["node_modules/.bin/biome", "check", "."] },
  { name: "db-types", cmd: ["node_modules/.bin/tsx", "scripts/db-types.ts", "--check"] },
  { name: "unit", cmd: ["node_modules/.bin/vitest", "run", "--project", "unit"] },
  { name: "integration", cmd: ["node_modules/.bin/vitest", "run", "--project", "integration"] },
  { name: "build", cmd: ["node_modules/.bin/next", "build"] },
  { name: "e2e", cmd: ["node_modules/.bin/playwright", "test"] },
  // Billing on, against the Stripe fake: its own server run (playwright.config.ts).
  { name: "e2e-billing", cmd: ["node_modules/.bin/playwright", "test"], env: { E2E_BILLING: "1" } },
];

const results: { name: string; ok: boolean; seconds: number }[] = [];
for (const step of steps) {
  if (only && step.name !== only) continue;
  console.log(`\n▶ ${step.name}: ${step.cmd.join(" ")}`);
  const t0 = performance.now();
  const res = spawnSync(step.cmd[0] as string, step.cmd.slice(1), {
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...step.env },
  });
  const ok = res.status === 0;
  results.push({ name: step.name, ok, seconds: Math.round((performance.now() - t0) / 100) / 10 });
  if (!ok) break;
}

console.log("\nSummary:");
for (const r of results) console.log(`  ${r.ok ? "✔" : "✖"} ${r.name} (${r.seconds}s)`);
const failed = results.filter((r) => !r.ok).length;
process.exit(failed === 0 && results.length > 0 ? 0 : 1);
