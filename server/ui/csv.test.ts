import { describe, expect, it } from "vitest";
import { CsvError, parseCsv } from "./csv.js";

describe("parseCsv", () => {
  it("reads quoted fields, doubled quotes, mixed line endings, a BOM and blank lines", () => {
    const csv = parseCsv('\uFEFFname,note\r\n"Blue Door, Inc.","said ""hi""\nthen left"\r\n\r\nGull,\n');
    expect(csv.header).toEqual(["name", "note"]);
    expect(csv.rows).toEqual([
      ["Blue Door, Inc.", 'said "hi"\nthen left'],
      ["Gull", ""],
    ]);
  });

  it("detects semicolons and tabs, pads short rows and skips rows of empty cells", () => {
    expect(parseCsv("a;b;c\n1;2\n;;\n")).toEqual({ header: ["a", "b", "c"], rows: [["1", "2", ""]] });
    expect(parseCsv("a\tb\n1\t2, 3\n")).toEqual({ header: ["a", "b"], rows: [["1", "2, 3"]] });
    expect(parseCsv("a,b\r1,2\r")).toEqual({ header: ["a", "b"], rows: [["1", "2"]] });
    expect(parseCsv('"Name, legal";Email\nA, Inc;a@x.test\n')).toEqual({
      header: ["Name, legal", "Email"],
      rows: [["A, Inc", "a@x.test"]],
    });
  });

  it("keeps a quote inside an unquoted cell and drops empty trailing cells", () => {
    expect(parseCsv('item,size\nScreen,27" wide,\n').rows).toEqual([["Screen", '27" wide']]);
  });

  it("trims column names and reads a header without rows", () => {
    expect(parseCsv(" Name , Email \n")).toEqual({ header: ["Name", "Email"], rows: [] });
  });

  it("says what is wrong with a bad file", () => {
    expect(() => parseCsv("")).toThrow(CsvError);
    expect(() => parseCsv("\uFEFF \n\n")).toThrow("The file is empty.");
    expect(() => parseCsv("a,,b\n1,2,3\n")).toThrow("column 2 has none");
    expect(() => parseCsv("a\n1\n2\n3\n", { maxRows: 2 })).toThrow(/more than 2 rows/);
    expect(parseCsv("a\n1\n2\n", { maxRows: 2 }).rows).toHaveLength(2);
  });

  it("names the line of an unclosed quote and of a row with extra cells", () => {
    expect(() => parseCsv('a,b\n"open,1\n')).toThrow(
      'The quoted cell on line 2 is not closed (a " is missing).',
    );
    expect(() => parseCsv('a,b\n1,2\n\n\n3,"open\n4,5\n6,7\n')).toThrow(/on line 5 is not closed/);
    expect(() => parseCsv('a,b\n"x,\ny",1\n2,"z\n3,4\n')).toThrow(/on line 4 is not closed/);
    expect(() => parseCsv("a,b\n1,2\n3,4,5\n")).toThrow(
      "Line 3 has 3 cells but the first row names 2 columns; check its quotes and separators.",
    );
  });

  it("reads a file at the row limit", () => {
    const text = `name,email\n${Array.from({ length: 50_000 }, (_, i) => `Customer ${i},c${i}@x.test`).join("\n")}`;
    const csv = parseCsv(text, { maxRows: 50_000 });
    expect(csv.rows).toHaveLength(50_000);
    expect(csv.rows[49_999]).toEqual(["Customer 49999", "c49999@x.test"]);
  });
});
