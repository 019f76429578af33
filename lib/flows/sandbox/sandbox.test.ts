import { afterAll, describe, expect, it } from "vitest";
import { closeSandbox, runCode } from "./sandbox-pool";

// The escapes a hostile flow author would try, each refused or harmless, with
// the pool still working afterwards and the host's event loop responsive.

const run = (code: string, opts: { input?: unknown; timeoutMs?: number; memoryMb?: number } = {}) =>
  runCode({
    code,
    input: (opts.input ?? { n: 1 }) as never,
    trigger: { t: true },
    timeoutMs: opts.timeoutMs ?? 500,
    memoryMb: opts.memoryMb ?? 16,
  });

const failure = async (code: string, opts?: Parameters<typeof run>[1]) => {
  try {
    await run(code, opts);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("expected the code to fail");
};

/** A plain snippet after each hostile one: the pool still works. */
const stillWorks = async () => expect((await run("return $input.n + 1")).result).toBe(2);

afterAll(async () => {
  await closeSandbox();
});

describe("code sandbox", () => {
  it("runs async code with $input and $trigger, returning JSON and logs", async () => {
    const r = await run(
      'console.log("hi", {a: 1}); const x = await Promise.resolve($input.n * 10); return { x, t: $trigger.t, list: [1, "2"] };',
    );
    expect(r.result).toEqual({ x: 10, t: true, list: [1, "2"] });
    expect(r.logs).toEqual(['hi {"a":1}']);
  });

  it("has no host objects: process, require, fetch, import and timers are absent", async () => {
    const r = await run(`return {
      process: typeof process, require: typeof require, fetch: typeof fetch, setTimeout: typeof setTimeout,
      globalThisKeys: Object.getOwnPropertyNames(globalThis).filter((k) => ["process", "require", "fetch", "Buffer", "Deno", "Bun", "setInterval", "XMLHttpRequest", "WebSocket"].includes(k)),
    };`);
    expect(r.result).toEqual({
      process: "undefined",
      require: "undefined",
      fetch: "undefined",
      setTimeout: "undefined",
      globalThisKeys: [],
    });
    expect(await failure('return await import("node:fs")')).toMatch(/^Code threw/);
  });

  it("constructor.constructor and Function give the sandbox's own global, not the host's", async () => {
    const r = await run(`
      const g1 = this?.constructor?.constructor?.("return typeof process")?.();
      const g2 = Function("return typeof globalThis.process")();
      const g3 = (async () => {}).constructor("return typeof require")();
      return [g1 ?? null, g2, await g3];`);
    expect(r.result).toEqual(["undefined", "undefined", "undefined"]);
    await stillWorks();
  });

  it("pollution of prototypes stays inside; __proto__ in the result does not pollute the host", async () => {
    const r = await run(
      `Object.prototype.polluted = 1; Array.prototype.push = null; return JSON.parse('{"__proto__": {"polluted": 2}, "ok": true}');`,
    );
    expect((r.result as Record<string, unknown>).ok).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(r.result)).toBe(Object.prototype);
    const arr: number[] = [];
    arr.push(1);
    expect(arr).toEqual([1]);
    await stillWorks();
  });

  it("stops an infinite loop at the CPU budget while the host keeps ticking", async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    const t0 = Date.now();
    const message = await failure("while (true) {}", { timeoutMs: 200 });
    clearInterval(timer);
    expect(message).toBe("Code took longer than 200 ms.");
    expect(Date.now() - t0).toBeLessThan(1500);
    expect(ticks).toBeGreaterThan(5);
    await stillWorks();
  });

  it("stops recursion bombs and memory bombs", async () => {
    expect(await failure("const f = () => f(); f();")).toMatch(/recursed too deeply|threw|longer/);
    expect(await failure('let s = "x"; while (true) s += s;', { memoryMb: 8 })).toMatch(
      /more than 8 MB|longer than/,
    );
    expect(await failure('return "x".repeat(2 ** 28).length', { memoryMb: 8 })).toMatch(
      /more than 8 MB|threw|longer than/,
    );
    expect(
      await failure("const a = []; while (true) a.push(new Array(1e5).fill(1));", { memoryMb: 8 }),
    ).toMatch(/more than 8 MB|longer than/);
    expect(await failure("new ArrayBuffer(2 ** 31)", { memoryMb: 8 })).toMatch(/more than 8 MB|threw/);
    await stillWorks();
  });

  it("refuses huge outputs and values that are not JSON", async () => {
    expect(await failure('return "y".repeat(2000000)', { memoryMb: 32 })).toMatch(
      /over 1000000 characters|more than/,
    );
    expect(await failure("const o = {}; o.self = o; return o;")).toMatch(/^Code threw/);
    expect(await failure("return 10n")).toMatch(/^Code threw/);
    expect(await failure("return () => 1")).toBe(
      "Code threw: TypeError: The code returned a value that is not JSON",
    );
    expect(await failure("return Symbol('s')")).toBe(
      "Code threw: TypeError: The code returned a value that is not JSON",
    );
    await stillWorks();
  });

  it("reports thrown non-errors without running their code on the host", async () => {
    expect(await failure("throw 42")).toBe("Code threw: a non-error value: 42");
    expect(await failure("throw null")).toBe("Code threw: a non-error value: null");
    expect(await failure('throw new RangeError("bad range")')).toBe("Code threw: RangeError: bad range");
    // Its toString loops for ever: it runs inside QuickJS, under the same deadline.
    expect(await failure("throw { toString() { while (true) {} } }", { timeoutMs: 200 })).toMatch(
      /longer than 200 ms|cannot be shown|threw/,
    );
    expect(await failure("syntax error here (")).toMatch(/^Code threw: SyntaxError/);
    await stillWorks();
  });

  it("a promise that never settles is an error, not a hang", async () => {
    expect(await failure("await new Promise(() => {})")).toMatch(/never settled/);
    await stillWorks();
  });

  it("Date and Math.random work; many runs in parallel all finish", async () => {
    const r = await run("return [typeof Date.now(), Math.random() < 1]");
    expect(r.result).toEqual(["number", true]);
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => run(`return ${i} * 2`, { input: {} })),
    );
    expect(results.map((x) => x.result)).toEqual(Array.from({ length: 40 }, (_, i) => i * 2));
  });
});
