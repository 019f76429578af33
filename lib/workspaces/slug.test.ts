import { describe, expect, it } from "vitest";
import { roleAtLeast } from "./roles";
import { slugify, slugSchema, slugWithSuffix } from "./slug";

describe("slugs", () => {
  it("slugify produces valid slugs from any name", () => {
    for (const name of ["Acme Inc.", "  Ünïcödé  Café ", "!!!", "a".repeat(200), "x--y"]) {
      expect(slugSchema.safeParse(slugify(name)).success).toBe(true);
    }
    expect(slugify("Acme Inc.")).toBe("acme-inc");
    expect(slugify("!!!")).toBe("workspace");
    expect(slugSchema.safeParse(slugWithSuffix("Acme")).success).toBe(true);
  });

  it("rejects slugs that would break URLs", () => {
    for (const bad of ["-a", "a-", "A B", "a/b", "", "a".repeat(49)]) {
      expect(slugSchema.safeParse(bad).success).toBe(false);
    }
  });
});

describe("roleAtLeast", () => {
  it("orders viewer < member < admin < owner", () => {
    expect(roleAtLeast("owner", "admin")).toBe(true);
    expect(roleAtLeast("admin", "admin")).toBe(true);
    expect(roleAtLeast("member", "admin")).toBe(false);
    expect(roleAtLeast("viewer", "member")).toBe(false);
  });
});
