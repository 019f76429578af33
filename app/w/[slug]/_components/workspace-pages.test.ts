import { describe, expect, it } from "vitest";
import { workspacePages } from "./workspace-pages";

const keys = (...args: Parameters<typeof workspacePages>) => workspacePages(...args).map((p) => p.key);

describe("workspacePages: the billing entry", () => {
  it("is listed for owners and admins when billing is on", () => {
    expect(keys("acme", "owner", { billing: true })).toContain("billing");
    expect(keys("acme", "admin", { billing: true })).toContain("billing");
    expect(workspacePages("acme", "admin", { billing: true }).find((p) => p.key === "billing")?.href).toBe(
      "/w/acme/billing",
    );
  });

  it("is not listed for members and viewers, nor for anyone when billing is off", () => {
    expect(keys("acme", "member", { billing: true })).not.toContain("billing");
    expect(keys("acme", "viewer", { billing: true })).not.toContain("billing");
    expect(keys("acme", "owner")).not.toContain("billing");
    expect(keys("acme", "owner", { billing: false })).not.toContain("billing");
  });
});
