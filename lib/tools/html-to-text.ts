/**
 * Readable text from HTML without a DOM: enough for a model to read a page.
 * Invisible parts (scripts, styles, templates, comments) are dropped, block
 * elements become line breaks, entities are decoded, whitespace is collapsed.
 *
 * These run on the calling thread: fine for trusted or small input. Pages from
 * the web go through readHtmlOffThread (html-to-text-pool.ts), which runs the
 * same code in a worker with a deadline.
 */
import { type ReadHtmlResult, readHtml } from "./html-to-text-core.mjs";

export { type ReadHtmlResult, readHtml };

export function htmlToText(html: string): string {
  return readHtml(html).text;
}

export function extractTitle(html: string): string | undefined {
  return readHtml(html, { maxChars: 0 }).title;
}
