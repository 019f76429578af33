import { describe, expect, it } from "vitest";
import { parseCookieHeader, RequestCookieJar, serializeCookie } from "./cookies";

describe("cookies", () => {
  it("parses a header, keeping the first of duplicate names", () => {
    const m = parseCookieHeader("a=1; b=hello%20world; a=2; junk");
    expect(m.get("a")).toBe("1");
    expect(m.get("b")).toBe("hello world");
    expect(m.size).toBe(2);
  });

  it("serializes httpOnly, SameSite and Max-Age", () => {
    expect(serializeCookie("t", "v", { httpOnly: true, sameSite: "lax", maxAge: 60, secure: true })).toBe(
      "t=v; Path=/; Max-Age=60; HttpOnly; Secure; SameSite=Lax",
    );
  });

  it("turns writes into Set-Cookie headers and deletions into Max-Age=0", () => {
    const jar = new RequestCookieJar("old=1");
    jar.set("new", "2", { httpOnly: true });
    jar.delete("old");
    const res = jar.applyTo(new Response(null));
    const set = res.headers.getSetCookie();
    expect(set).toContain("new=2; Path=/; HttpOnly");
    expect(set).toContain("old=; Path=/; Max-Age=0");
    expect(jar.get("old")).toBeUndefined();
  });

  it("treats an empty value with Max-Age 0 as a deletion, as supabase-js writes it", () => {
    const jar = new RequestCookieJar("sb-x-auth-token=abc");
    jar.set("sb-x-auth-token", "", { maxAge: 0 });
    expect(jar.get("sb-x-auth-token")).toBeUndefined();
    expect(jar.getAll()).toEqual([]);
  });
});
