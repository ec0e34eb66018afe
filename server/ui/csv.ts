/**
 * CSV reading for imports, on csv-parse: quoted fields, doubled quotes, any line ending, a BOM, comma, semicolon
 * or tab. What goes wrong is a CsvError whose message a person can act on (which line, what is missing).
 */
import { CsvError as ParseError, parse } from "csv-parse/sync";

export interface Csv {
  header: string[];
  rows: string[][];
}

export class CsvError extends Error {
  override name = "CsvError";
}

/** The separator the header line uses most: `;` (European spreadsheets), a tab, or `,`. */
function detectDelimiter(firstLine: string): string {
  // Separators inside quoted column names ("Name, legal";Email) do not count.
  const unquoted = firstLine.replace(/"[^"]*"/g, "");
  const count = (ch: string) => unquoted.split(ch).length - 1;
  const [best] = [",", ";", "\t"].sort((a, b) => count(b) - count(a));
  return count(best!) > 0 ? best! : ",";
}

/** The first non-blank line after line `after` (1-based): where the record that failed starts. */
function nextRecordLine(src: string, after: number): number {
  const lines = src.split(/\r\n|\n|\r/);
  for (let i = after; i < lines.length; i++) if (lines[i]!.trim() !== "") return i + 1;
  return after + 1;
}

/**
 * Parses CSV text; the first row is the header. Blank rows (also `,,,`) are skipped, short rows are padded with
 * "", and a row with more non-empty cells than the header has columns is refused (usually a quoting mistake).
 */
export function parseCsv(text: string, opts: { maxRows?: number } = {}): Csv {
  const src = text.replace(/^\uFEFF/, "");
  if (src.trim() === "") throw new CsvError("The file is empty.");
  const delimiter = detectDelimiter(src.slice(0, src.search(/\r|\n|$/)));
  let width = 0;
  let lastLine = 0;
  let records: string[][];
  try {
    records = parse(src, {
      delimiter,
      // Mixed line endings happen when files are pasted together; csv-parse would otherwise fix on the first.
      record_delimiter: ["\r\n", "\n", "\r"],
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      relax_column_count: true,
      // A quote inside an unquoted cell (`5" screen`) is kept as text, as spreadsheets do.
      relax_quotes: true,
      // Reading one row past the limit is enough to know the file is too long.
      ...(opts.maxRows ? { to: opts.maxRows + 2 } : {}),
      on_record: (record: string[], ctx) => {
        if (ctx.records === 1) width = record.length;
        else if (record.length > width && record.slice(width).some((c) => c.trim() !== ""))
          throw new CsvError(
            `Line ${ctx.lines} has ${record.length} cells but the first row names ${width} columns; check its quotes and separators.`,
          );
        lastLine = ctx.lines;
        return record;
      },
    }) as string[][];
  } catch (err) {
    if (err instanceof CsvError) throw err;
    if (err instanceof ParseError) {
      const line = nextRecordLine(src, lastLine);
      if (err.code === "CSV_QUOTE_NOT_CLOSED")
        throw new CsvError(`The quoted cell on line ${line} is not closed (a " is missing).`);
      throw new CsvError(`Line ${line} could not be read: ${err.message}`);
    }
    throw err;
  }
  const [header, ...rows] = records;
  if (!header) throw new CsvError("The file is empty.");
  if (opts.maxRows && rows.length > opts.maxRows)
    throw new CsvError(`The file has more than ${opts.maxRows} rows; split it into smaller files.`);
  const names = header.map((h) => h.trim());
  const blank = names.indexOf("");
  if (blank >= 0)
    throw new CsvError(`Every column needs a name in the first row; column ${blank + 1} has none.`);
  return { header: names, rows: rows.map((r) => names.map((_, j) => r[j] ?? "")) };
}
