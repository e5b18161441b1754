import { GlossError } from '../errors';

/**
 * Turning bytes into text, strictly: a file that is not valid in the encoding
 * it claims (or UTF-8, when it claims none) is refused with a reason, never
 * mangled into replacement characters.
 */

/** Strict UTF-8 (or UTF-16 with a byte-order mark); anything that is not text is refused, not mangled. */
export function decodeText(bytes: Uint8Array): string {
  if (bytes.length === 0) throw new GlossError('invalid_input', 'The file is empty.');
  let text: string;
  try {
    if (bytes[0] === 0xff && bytes[1] === 0xfe) text = new TextDecoder('utf-16le', { fatal: true }).decode(bytes.subarray(2));
    else if (bytes[0] === 0xfe && bytes[1] === 0xff) text = new TextDecoder('utf-16be', { fatal: true }).decode(bytes.subarray(2));
    else text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new GlossError('invalid_input', 'The file is not valid UTF-8 text (it may be binary, or in another encoding).');
  }
  return checkText(text);
}

/**
 * A web page's bytes as text. The encoding comes from a byte-order mark, else
 * from `<meta charset>` (or the http-equiv form, or an XML declaration) in the
 * first 4 KB, else UTF-8. As in browsers, a page that declares UTF-16 without
 * a byte-order mark is read as UTF-8, and ISO-8859-1 means windows-1252.
 */
export function decodeHtml(bytes: Uint8Array): string {
  if (bytes.length === 0) throw new GlossError('invalid_input', 'The file is empty.');
  let label = 'utf-8';
  let offset = 0;
  let declared: string | undefined;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) offset = 3;
  else if (bytes[0] === 0xff && bytes[1] === 0xfe) [label, offset] = ['utf-16le', 2];
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) [label, offset] = ['utf-16be', 2];
  else {
    declared = declaredCharset(bytes);
    if (declared !== undefined) label = /^(?:utf-?16|ucs-?2|unicode)/i.test(declared) ? 'utf-8' : declared.toLowerCase() === 'x-user-defined' ? 'windows-1252' : declared;
  }
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label, { fatal: true, ignoreBOM: true });
  } catch {
    throw new GlossError('invalid_input', `The page declares the character set "${shown(declared ?? label)}", which Gloss cannot read.`);
  }
  let text: string;
  try {
    text = decoder.encoding === 'windows-1252' ? decodeWindows1252(bytes.subarray(offset)) : decoder.decode(bytes.subarray(offset));
  } catch {
    throw new GlossError(
      'invalid_input',
      declared === undefined
        ? 'The page is not valid UTF-8 and does not say which character set it uses (it has no <meta charset>); it may be binary, or in another encoding.'
        : `The page says its character set is "${shown(declared)}", but its bytes are not valid ${decoder.encoding}.`,
    );
  }
  return checkText(text);
}

/** windows-1252 in 0x80–0x9F, as the Encoding Standard maps it (the five unassigned bytes map to C1 controls). */
const WINDOWS_1252_HIGH = '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/**
 * windows-1252 (what pages labelled ISO-8859-1 or latin1 really use). Node's
 * TextDecoder reads it as ISO-8859-1, turning curly quotes, dashes and the
 * euro sign into invisible control characters, so the 32 bytes that differ
 * are mapped here.
 */
export function decodeWindows1252(bytes: Uint8Array): string {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return latin1.replace(/[\u0080-\u009f]/g, (char) => WINDOWS_1252_HIGH[char.charCodeAt(0) - 0x80] as string);
}

/** The character set a page declares near its start, if any. */
export function declaredCharset(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 4096)).toString('latin1');
  const xml = /^\s*<\?xml[^>]{0,300}?\bencoding\s*=\s*["']([^"'\s]{1,40})["']/i.exec(head);
  if (xml) return xml[1];
  const meta = /<meta\b[^>]{0,1000}?\bcharset\s*=\s*["']?\s*([^\s"'/>;]{1,40})/i.exec(head);
  return meta ? meta[1] : undefined;
}

/** Refuses text that is really binary, or holds nothing to read. */
export function checkText(text: string): string {
  if (text.includes('\u0000')) throw new GlossError('invalid_input', 'The file looks binary (it contains NUL bytes), not text.');
  if (controlCharacterShare(text) > 0.01) throw new GlossError('invalid_input', 'The file looks binary (it is full of control characters), not text.');
  if (text.trim().length === 0) throw new GlossError('invalid_input', 'The file holds only white space.');
  return text;
}

/** The share of control characters (other than tab, line breaks and form feed) in the first 64 KB. */
function controlCharacterShare(text: string): number {
  const length = Math.min(text.length, 64 * 1024);
  let controls = 0;
  for (let index = 0; index < length; index += 1) {
    const code = text.charCodeAt(index);
    if ((code < 0x20 && (code < 0x09 || code > 0x0d)) || code === 0x7f) controls += 1;
  }
  return controls < 8 ? 0 : controls / length;
}

function shown(label: string): string {
  return label.replace(/[^\w.:-]/g, '').slice(0, 40);
}
