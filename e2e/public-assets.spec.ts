import { expect, test } from "@playwright/test";

// What a phone needs for "Add to Home Screen", and what crawlers read.

/** Width and height from a PNG's IHDR chunk. */
function pngSize(buf: Buffer): { width: number; height: number } {
  expect(buf.subarray(1, 4).toString("latin1")).toBe("PNG");
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

test("the web app manifest is linked, valid and its icons exist at their stated sizes", async ({
  page,
  request,
}) => {
  await page.goto("/sign-in");
  const href = await page.locator('link[rel="manifest"]').getAttribute("href");
  expect(href).toBe("/manifest.webmanifest");
  await expect(page.locator('link[rel="apple-touch-icon"]')).toHaveAttribute("href", "/apple-touch-icon.png");

  const res = await request.get(href as string);
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toMatch(/^application\/manifest\+json/);
  const manifest = await res.json();
  expect(manifest).toMatchObject({ name: "Switchboard", start_url: "/", display: "standalone" });

  const pngs = (manifest.icons as { src: string; sizes: string; type: string; purpose: string }[]).filter(
    (i) => i.type === "image/png",
  );
  expect(pngs.map((i) => i.sizes)).toEqual(expect.arrayContaining(["192x192", "512x512"]));
  expect(pngs.some((i) => i.purpose === "maskable")).toBe(true);
  for (const icon of [...pngs, { src: "/apple-touch-icon.png", sizes: "180x180" }]) {
    const img = await request.get(icon.src);
    expect(img.status(), icon.src).toBe(200);
    expect(img.headers()["content-type"]).toBe("image/png");
    const { width, height } = pngSize(await img.body());
    expect(`${width}x${height}`, icon.src).toBe(icon.sizes);
  }
  const favicon = await request.get("/favicon.ico");
  expect(favicon.status()).toBe(200);
  const svg = await request.get("/icon.svg");
  expect(await svg.text()).toContain("<svg");

  // Chromium's own manifest parser: no errors, and it sees the icons.
  const cdp = await page.context().newCDPSession(page);
  const parsed = (await cdp.send("Page.getAppManifest", {})) as {
    errors: { message: string }[];
    url: string;
  };
  expect(parsed.errors).toEqual([]);
  expect(parsed.url).toMatch(/\/manifest\.webmanifest$/);
  const { installabilityErrors } = (await cdp.send("Page.getInstallabilityErrors")) as {
    installabilityErrors: { errorId: string }[];
  };
  expect(installabilityErrors.map((e) => e.errorId)).toEqual([]);
});

test("robots.txt keeps crawlers out of workspaces and the APIs", async ({ request }) => {
  const res = await request.get("/robots.txt");
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toMatch(/^text\/plain/);
  const body = await res.text();
  expect(body).toMatch(/^User-agent: \*$/m);
  for (const path of ["/w/", "/api/", "/account", "/invite/"]) expect(body).toContain(`Disallow: ${path}`);
  expect(body).toContain("Allow: /sign-in");
});
