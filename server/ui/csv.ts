/** A small RFC 4180 CSV reader for imports: quoted fields, doubled quotes, CRLF, a BOM, comma or semicolon. */

export interface Csv {
  header: string[];
  rows: string[][];
}

export class CsvError extends Error {
  override name = "CsvError";
}

/** Parses CSV text; the first row is the header. Blank lines are skipped; short rows are padded. */
export function parseCsv(text: string, opts: { maxRows?: number } = {}): Csv {
  const src = text.replace(/^\uFEFF/, "");
  const firstLine = src.slice(0, src.search(/\r?\n|$/));
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ";" : ",";
  const records: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let i = 0;
  const endRow = () => {
    row.push(field);
    field = "";
    if (row.length > 1 || row[0] !== "") records.push(row);
    row = [];
    if (opts.maxRows && records.length > opts.maxRows + 1)
      throw new CsvError(`The file has more than ${opts.maxRows} rows; split it into smaller files.`);
  };
  while (i < src.length) {
    const ch = src[i]!;
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === "") quoted = true;
    else if (ch === delimiter) {
      row.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && src[i + 1] === "\n") i++;
      endRow();
    } else field += ch;
    i++;
  }
  if (quoted) throw new CsvError('A quoted field is not closed (a " is missing).');
  if (field !== "" || row.length) endRow();
  const [header, ...rows] = records;
  if (!header) throw new CsvError("The file is empty.");
  const names = header.map((h) => h.trim());
  if (names.some((h) => h === "")) throw new CsvError("Every column needs a name in the first row.");
  return { header: names, rows: rows.map((r) => names.map((_, j) => r[j] ?? "")) };
}
