import { describe, expect, it } from "vitest";
import { CsvError, parseCsv } from "./csv.js";

describe("parseCsv", () => {
  it("reads quoted fields, doubled quotes, CRLF, a BOM and blank lines", () => {
    const csv = parseCsv('\uFEFFname,note\r\n"Blue Door, Inc.","said ""hi""\nthen left"\r\n\r\nGull,\n');
    expect(csv.header).toEqual(["name", "note"]);
    expect(csv.rows).toEqual([
      ["Blue Door, Inc.", 'said "hi"\nthen left'],
      ["Gull", ""],
    ]);
  });

  it("detects semicolons and pads short rows", () => {
    expect(parseCsv("a;b;c\n1;2\n")).toEqual({ header: ["a", "b", "c"], rows: [["1", "2", ""]] });
  });

  it("says what is wrong with a bad file", () => {
    expect(() => parseCsv("")).toThrow(CsvError);
    expect(() => parseCsv('a,b\n"open,1\n')).toThrow(/not closed/);
    expect(() => parseCsv("a,,b\n1,2,3\n")).toThrow(/needs a name/);
    expect(() => parseCsv("a\n1\n2\n3\n", { maxRows: 2 })).toThrow(/more than 2 rows/);
  });
});
