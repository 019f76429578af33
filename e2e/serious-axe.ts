import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

/**
 * Waits until no finite animation or CSS transition is running. axe reads
 * computed colours, and a button caught mid-transition (a hover fading out
 * after a menu closes, a theme switch) has colours that are neither state's.
 */
export async function settleAnimations(page: Page) {
  // The pointer stays where the last click was; park it off every control.
  await page.mouse.move(0, 0);
  await page.evaluate(async () => {
    // Two frames first: a change just made (a theme class, focus returning to a trigger) starts its
    // CSS transitions at the next style recalculation, and only then do they show in getAnimations().
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const running = document
      .getAnimations()
      .filter(
        (a) =>
          a.playState === "running" && a.effect?.getComputedTiming().iterations !== Number.POSITIVE_INFINITY,
      );
    // Bounded: an animation restarted by the page (or one that never ends) must not hang the test.
    await Promise.race([
      Promise.all(running.map((a) => a.finished.catch(() => undefined))),
      new Promise((resolve) => setTimeout(resolve, 2000)),
    ]);
  });
}

/** Serious and critical axe findings, light and dark. */
export async function expectNoSeriousAxeViolations(page: Page) {
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await expect(page.locator("html")).toHaveClass(new RegExp(`\\b${scheme}\\b`));
    await settleAnimations(page);
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(
      serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
      `${scheme} mode`,
    ).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: "light" });
}
