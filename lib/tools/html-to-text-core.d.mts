export interface ReadHtmlResult {
  /** Visible text: blocks on their own lines, whitespace collapsed, entities decoded. */
  text: string;
  /** The first <title>, whitespace collapsed. */
  title: string | undefined;
  /** True when the text was cut at `maxChars`. */
  truncated: boolean;
}

export function readHtml(html: string, opts?: { maxChars?: number }): ReadHtmlResult;
