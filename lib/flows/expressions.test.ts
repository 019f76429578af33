import { describe, expect, it } from "vitest";
import { ExpressionError, evaluate, type ExpressionScope, expressionRefs, parseTemplate, resolveTemplates } from "./expressions";

const scope: ExpressionScope = {
  nodes: { Lookup: { output: { email: "a@b.c", list: [{ id: 7 }], n: 3 }, port: "out" } },
  input: { x: 1 },
  trigger: { body: { name: "Ada" } },
  item: { sku: "S1" },
  index: 2,
  run: { id: "run-1" },
  flow: { id: "flow-1" },
  now: "2026-12-04T00:00:00.000Z",
};

describe("expressions", () => {
  it("reads nodes, input, trigger, item, index, run, flow and now", () => {
    expect(resolveTemplates('{{ $node["Lookup"].output.email }}', scope)).toBe("a@b.c");
    expect(resolveTemplates("{{ $node['Lookup'].output.list[0].id }}", scope)).toBe(7);
    expect(resolveTemplates('{{ $node["Lookup"].port }}', scope)).toBe("out");
    expect(resolveTemplates("{{$input.x}}", scope)).toBe(1);
    expect(resolveTemplates("Hi {{ $trigger.body.name }} #{{ $index }}", scope)).toBe("Hi Ada #2");
    expect(resolveTemplates({ a: ["{{ $item.sku }}", "{{ $run.id }}"], b: "{{ $flow.id }}" }, scope)).toEqual({
      a: ["S1", "run-1"],
      b: "flow-1",
    });
    expect(resolveTemplates("{{ $now }}", scope)).toBe(scope.now);
    // A lone expression keeps its type; inside text, objects become JSON.
    expect(resolveTemplates('{{ $node["Lookup"].output.list }}', scope)).toEqual([{ id: 7 }]);
    expect(resolveTemplates('list: {{ $node["Lookup"].output.list }}', scope)).toBe('list: [{"id":7}]');
    expect(resolveTemplates('{{ $node["Lookup"].output.list.length }}', scope)).toBe(1);
  });

  it("yields null for missing paths and never reaches prototypes", () => {
    expect(resolveTemplates('{{ $node["Nobody"].output.x }}', scope)).toBeNull();
    expect(resolveTemplates("{{ $input.missing.deeper }}", scope)).toBeNull();
    expect(resolveTemplates("{{ $input.__proto__ }}", scope)).toBeNull();
    expect(resolveTemplates("{{ $input.constructor }}", scope)).toBeNull();
    expect(resolveTemplates('{{ $input["constructor"]["prototype"] }}', scope)).toBeNull();
    expect(resolveTemplates('{{ $node["__proto__"] }}', scope)).toBeNull();
    expect(resolveTemplates('{{ $node["toString"] }}', scope)).toBeNull();
  });

  it("refuses anything that is not a reference: code, calls, operators, unknown roots", () => {
    for (const bad of [
      "{{ process.exit() }}",
      "{{ $input.x + 1 }}",
      "{{ $input.constructor.constructor('return process')() }}",
      "{{ $env.SECRET }}",
      "{{ $node.Lookup }}",
      '{{ $node["Lookup" }}',
      '{{ $node["unterminated] }}',
      "{{ $input[99999999999] }}",
      "{{ $input.x",
    ]) {
      expect(() => parseTemplate(bad), bad).toThrow(ExpressionError);
    }
    expect(() => parseTemplate(`{{ $input${".a".repeat(40)} }}`)).toThrow(/at most 32/);
    expect(() => parseTemplate("x".repeat(10_001))).toThrow(/at most 10000/);
  });

  it("parses long hostile text in linear time", () => {
    const t0 = performance.now();
    expect(() => parseTemplate("{{ $input".concat("[".repeat(9_000)))).toThrow(ExpressionError);
    const many = "{{ $input.x }}".repeat(700);
    expect(String(resolveTemplates(many, scope))).toBe("1".repeat(700));
    expect(performance.now() - t0).toBeLessThan(200);
  });

  it("lists the nodes a config refers to, and where expressions do not parse", () => {
    const refs = expressionRefs({ a: '{{ $node["A"].output }}', b: ["x {{ $node['B'].port }}"], c: "{{ nope }}" }, "config");
    expect(refs.nodeNames.sort()).toEqual(["A", "B"]);
    expect(refs.issues).toEqual([{ path: "config.c", message: expect.stringContaining("An expression starts with") }]);
    expect(evaluate({ root: "index", path: [], source: "$index" }, scope)).toBe(2);
  });
});
