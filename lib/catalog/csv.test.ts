import { describe, expect, it } from "vitest";
import { detectDelimiter, parseCsv } from "./csv";
import { parseProductsCsv } from "./csv-products";

const fields = (text: string) => parseCsv(text).records.map((r) => r.fields);

describe("parseCsv (RFC 4180)", () => {
  it("splits plain fields and records with LF, CRLF or CR line ends", () => {
    expect(fields("a,b,c\n1,2,3\n")).toEqual([
      ["a", "b", "c"],
      ["1", "2", "3"],
    ]);
    expect(fields("a,b\r\n1,2\r\n")).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
    expect(fields("a,b\r1,2")).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
  });

  it("keeps commas, line breaks and doubled quotes inside quoted fields", () => {
    const parsed = parseCsv('sku,desc\nA,"one, two"\nB,"line 1\r\nline 2"\nC,"say ""hi"""\nD,""\n');
    expect(parsed.records).toEqual([
      { row: 1, fields: ["sku", "desc"] },
      { row: 2, fields: ["A", "one, two"] },
      { row: 3, fields: ["B", "line 1\r\nline 2"] },
      { row: 4, fields: ["C", 'say "hi"'] },
      { row: 5, fields: ["D", ""] },
    ]);
    expect(parsed.error).toBeNull();
  });

  it("ignores a byte order mark and keeps empty trailing fields", () => {
    expect(fields("\uFEFFsku,name\nA,\n")).toEqual([
      ["sku", "name"],
      ["A", ""],
    ]);
    expect(fields("a,")).toEqual([["a", ""]]);
  });

  it("reports an unclosed quote at the row where it opened", () => {
    const parsed = parseCsv('a,b\n1,2\n3,"never closed\n4,5\n');
    expect(parsed.records.map((r) => r.fields)).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
    expect(parsed.error).toEqual({ row: 3, message: expect.stringContaining("never closed") });
  });

  it("is lenient with a stray quote inside an unquoted field", () => {
    expect(fields('a,5" screen\n')).toEqual([["a", '5" screen']]);
  });

  it("uses ';' or tab when the header has no comma", () => {
    expect(detectDelimiter("sku;name;price\nA;B;1")).toBe(";");
    expect(detectDelimiter("sku\tname")).toBe("\t");
    expect(detectDelimiter("sku,name;x")).toBe(",");
    expect(fields("sku;name\nA;B")).toEqual([
      ["sku", "name"],
      ["A", "B"],
    ]);
  });

  it("returns nothing for an empty text", () => {
    expect(parseCsv("")).toEqual({ records: [], error: null });
  });
});

describe("parseProductsCsv", () => {
  it("reads valid rows in any column order, leaving blank optional cells undefined", () => {
    const csv =
      "Price,SKU,name,stock,active,currency,description\n12.5,A-1,Shirt,3,yes,eur,Blue\n0,B-2,Free,,,,\n";
    expect(parseProductsCsv(csv)).toEqual({
      rows: [
        {
          row: 2,
          sku: "A-1",
          name: "Shirt",
          price: 12.5,
          stock: 3,
          active: true,
          currency: "EUR",
          description: "Blue",
        },
        { row: 3, sku: "B-2", name: "Free", price: 0 },
      ],
      errors: [],
    });
  });

  it("reports each bad row with its number and a message, and keeps the good ones", () => {
    const csv = [
      "sku,name,price,stock,active,currency",
      "OK-1,Good,1.00,1,true,USD",
      "BAD 2,Spaces in SKU,1,1,true,USD",
      "OK-3,,1,1,true,USD",
      "OK-4,Cheap,1.999,1,true,USD",
      "OK-5,Neg,1,-2,true,USD",
      "OK-6,Maybe,1,1,perhaps,USD",
      "OK-7,Money,1,1,true,XYZ",
      "OK-1,Again,1,1,true,USD",
      "OK-8,Extra,1,1,true,USD,surprise",
      "",
      "OK-9,Last,2,,,",
    ].join("\n");
    const { rows, errors } = parseProductsCsv(csv);
    expect(rows.map((r) => [r.row, r.sku])).toEqual([
      [2, "OK-1"],
      [12, "OK-9"],
    ]);
    expect(errors.map((e) => e.row)).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
    expect(errors[0]?.message).toMatch(/^sku:/);
    expect(errors[1]?.message).toBe("name: missing.");
    expect(errors[2]?.message).toMatch(/at most 2 decimals/);
    expect(errors[3]?.message).toMatch(/^stock:/);
    expect(errors[4]?.message).toMatch(/^active:/);
    expect(errors[5]?.message).toMatch(/^currency:/);
    expect(errors[6]?.message).toBe("sku: OK-1 already appears on row 2.");
    expect(errors[7]?.message).toMatch(/7 values; the header has 6 columns/);
  });

  it("refuses a file without a usable header as a whole", () => {
    expect(() => parseProductsCsv("")).toThrow(/empty/);
    expect(() => parseProductsCsv("sku,name\nA,B")).toThrow(/price/);
    expect(() => parseProductsCsv("sku,name,price,colour\nA,B,1,red")).toThrow(/Unknown column "colour"/);
    expect(() => parseProductsCsv("sku,name,price,sku\n")).toThrow(/twice/);
  });

  it("refuses files with more rows than one import takes", () => {
    const csv = `sku,name,price\n${Array.from({ length: 10_001 }, (_, i) => `S${i},N,1`).join("\n")}`;
    expect(() => parseProductsCsv(csv)).toThrow(/at most 10000 rows/);
  });
});
