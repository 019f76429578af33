import { AppError } from "@/lib/errors";

export const MAX_CSV_BYTES = 5 * 1024 * 1024;

const CSV_TYPES = /^(text\/csv|text\/plain|application\/csv|application\/vnd\.ms-excel)\b/i;

function tooLarge(): AppError {
  return new AppError("payload_too_large", "The file is larger than 5 MB. Split it and import the parts.");
}

/** The body's bytes, counted as they arrive: Content-Length may lie or be absent. */
async function readCapped(req: Request, maxBytes: number): Promise<Uint8Array> {
  if (Number(req.headers.get("content-length") ?? "0") > maxBytes) throw tooLarge();
  if (!req.body) return new Uint8Array();
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/**
 * The CSV text of an import request: the raw body (Content-Type text/csv or
 * text/plain) or the `file` field of a multipart form. Multipart is parsed
 * only after the size check, from the bytes already read.
 */
export async function readCsvUpload(req: Request, maxBytes = MAX_CSV_BYTES): Promise<string> {
  const type = req.headers.get("content-type") ?? "";
  if (CSV_TYPES.test(type)) {
    return new TextDecoder("utf-8").decode(await readCapped(req, maxBytes));
  }
  if (/^multipart\/form-data\b/i.test(type)) {
    const bytes = await readCapped(req, maxBytes);
    let form: FormData;
    try {
      // A copy on a plain ArrayBuffer: what the Response constructor's types accept.
      form = await new Response(new Uint8Array(bytes), { headers: { "content-type": type } }).formData();
    } catch (cause) {
      throw new AppError("bad_request", "The form data could not be read.", { cause });
    }
    const file = form.get("file");
    if (file === null) throw new AppError("bad_request", 'Attach the CSV file in a form field named "file".');
    return typeof file === "string" ? file : file.text();
  }
  throw new AppError(
    "unsupported_media_type",
    "Send the CSV as the body with Content-Type: text/csv, or as a multipart form field named file.",
  );
}
