import { describe, expect, it } from "vitest";
import { AppError, toAppError } from "./errors";

describe("toAppError", () => {
  it("maps Postgres privilege and RLS errors to 403 without leaking the database message", () => {
    const e = toAppError({
      code: "42501",
      message: 'new row violates row-level security policy for table "x"',
    });
    expect(e.status).toBe(403);
    expect(e.message).not.toContain("row-level");
  });

  it("maps the last-owner guard to a 409 with a clear message", () => {
    const e = toAppError({ code: "23514", hint: "last_owner", message: "raw" });
    expect(e.code).toBe("conflict");
    expect(e.message).toMatch(/at least one owner/);
  });

  it("recognises an AppError from another copy of this module", () => {
    const foreign = Object.assign(new Error("x"), {
      [Symbol.for("switchboard.AppError")]: true,
      code: "not_found",
    });
    expect(toAppError(foreign)).toBe(foreign);
    expect(toAppError(new Error("plain")).code).toBe("internal");
  });

  it("keeps AppErrors and hides unknown errors behind a 500", () => {
    const known = new AppError("not_found", "Nope");
    expect(toAppError(known)).toBe(known);
    const unknown = toAppError(new Error("connection string postgres://secret@host"));
    expect(unknown.status).toBe(500);
    expect(JSON.stringify(unknown.toBody())).not.toContain("secret");
  });
});
