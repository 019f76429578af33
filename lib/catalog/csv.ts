/**
 * A small RFC 4180 reader: comma-separated fields, optional double quotes,
 * `""` for a quote inside a quoted field, commas and line breaks inside
 * quotes, CRLF, LF or CR line ends, a UTF-8 byte order mark ignored.
 * Spreadsheets saved "CSV" in some locales use ';' or tabs: the header line
 * decides when it has no comma.
 */

export interface CsvRecord {
  /** 1-based record number, as a spreadsheet numbers rows (a quoted line break does not start a row). */
  row: number;
  fields: string[];
}

export interface CsvParse {
  records: CsvRecord[];
  /** Set when the text cannot be read past some point (an unclosed quote). */
  error: { row: number; message: string } | null;
}

/** The delimiter the first line uses: comma, unless it has none and has ';' or a tab. */
export function detectDelimiter(text: string): string {
  const firstLine = text.slice(0, text.search(/\r|\n/) === -1 ? text.length : text.search(/\r|\n/));
  if (firstLine.includes(",")) return ",";
  if (firstLine.includes(";")) return ";";
  if (firstLine.includes("\t")) return "\t";
  return ",";
}

export function parseCsv(input: string, delimiter = detectDelimiter(input.replace(/^\uFEFF/, ""))): CsvParse {
  const text = input.replace(/^\uFEFF/, "");
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let row = 1;
  let i = 0;
  let quoted = false; // inside a quoted field
  let quoteStartRow = 0;
  let fieldStarted = false; // something (even "") was read for the current field

  const endField = () => {
    fields.push(field);
    field = "";
    fieldStarted = false;
  };
  const endRecord = () => {
    endField();
    records.push({ row, fields });
    fields = [];
    row += 1;
  };

  while (i < text.length) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i += 1;
        continue;
      }
      field += ch;
      i += 1;
      continue;
    }
    if (ch === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
      quoteStartRow = row;
      i += 1;
      continue;
    }
    if (ch === delimiter) {
      endField();
      i += 1;
      continue;
    }
    if (ch === "\r" || ch === "\n") {
      endRecord();
      i += ch === "\r" && text[i + 1] === "\n" ? 2 : 1;
      continue;
    }
    // Lenient where RFC 4180 is strict: a quote inside an unquoted field, or
    // text after a closing quote, is kept as written rather than refused.
    field += ch;
    fieldStarted = true;
    i += 1;
  }
  if (quoted) {
    return {
      records,
      error: { row: quoteStartRow, message: 'A quoted value is never closed (a " is missing).' },
    };
  }
  // The last line may or may not end with a line break.
  if (fieldStarted || fields.length > 0) endRecord();
  return { records, error: null };
}

/** A record that is only empty fields (a blank line, or ",,,"). */
export const isBlankRecord = (r: CsvRecord) => r.fields.every((f) => f.trim() === "");
