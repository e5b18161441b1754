import type { Block } from '../../preload/api';
import { GlossError } from '../errors';

/**
 * Parses Gloss's seed format: a header line ` date YYYY-MM-DD Title`, then
 * paragraphs separated by blank lines.
 *
 * News copy carries lines that are not body text: the dateline that opens the
 * story (`JAKARTA, Feb. 22 (Xinhua) --`), a photo caption ending in a photo
 * credit (`(Xinhua/Xu Qin)`), a publication line (`March 28, 2023`) and the
 * editor credit (`(Web editor: …)`). Each becomes a typed block so the reader
 * can style it. No visible character is dropped: only the whitespace between
 * paragraphs (and the single space after a dateline) becomes a block break.
 */
export interface ParsedSeed {
  title: string;
  publishedAt: string;
  blocks: Block[];
}

const HEADER = /^\s*date\s+(\d{4}-\d{2}-\d{2})\s+(.+?)\s*$/;
const DATELINE = /^([A-Z][A-Z.'’ -]*[A-Z.],\s+[A-Z][a-z]+\.?\s+\d{1,2}\s+\([^()\n]+\)\s+--)\s+(\S[\s\S]*)$/;
const EDITOR_CREDIT = /^\((?:Web\s+)?editors?:[^()]*\)$/i;
const PHOTO_CREDIT_AT_END = /\([A-Z][\w.'’ -]*\/[^()/]+\)$/;
const MONTH_DATE = /\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},\s+\d{4}\b/;

export function isSeedFormat(text: string): boolean {
  const firstLine = stripBom(text).split(/\r?\n/, 1)[0] ?? '';
  return HEADER.test(firstLine) && /^ ?date /.test(firstLine);
}

export function parseSeed(raw: string): ParsedSeed {
  const text = stripBom(raw).replace(/\r\n?/g, '\n');
  const newline = text.indexOf('\n');
  const headerLine = newline === -1 ? text : text.slice(0, newline);
  const header = HEADER.exec(headerLine);
  if (!header || !/^ ?date /.test(headerLine)) {
    throw new GlossError(
      'invalid_input',
      'This is not a Gloss seed file: the first line must be " date YYYY-MM-DD Title".',
    );
  }
  const publishedAt = header[1] as string;
  const title = header[2] as string;
  if (!isRealDate(publishedAt)) {
    throw new GlossError('invalid_input', `The seed's date "${publishedAt}" is not a real date.`);
  }

  const body = newline === -1 ? '' : text.slice(newline + 1);
  const paragraphs = body
    .split(/\n[ \t]*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph.length > 0);

  const blocks: Block[] = [];
  let seenBodyText = false;
  for (const paragraph of paragraphs) {
    const dateline = DATELINE.exec(paragraph);
    if (dateline) {
      blocks.push({ type: 'dateline', text: dateline[1] as string });
      blocks.push({ type: 'paragraph', text: dateline[2] as string });
      seenBodyText = true;
    } else if (EDITOR_CREDIT.test(paragraph)) {
      blocks.push({ type: 'credit', text: paragraph });
    } else if (PHOTO_CREDIT_AT_END.test(paragraph)) {
      blocks.push({ type: 'caption', text: paragraph });
    } else if (!seenBodyText && isPublicationLine(paragraph)) {
      blocks.push({ type: 'byline', text: paragraph });
    } else {
      blocks.push({ type: 'paragraph', text: paragraph });
      seenBodyText = true;
    }
  }
  return { title, publishedAt, blocks };
}

/** True for a calendar date that exists (Date.parse would roll 2023-02-30 over into March). */
function isRealDate(isoDate: string): boolean {
  const parsed = new Date(`${isoDate}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === isoDate;
}

/** A short line before the story that only says when (and by whom) it was published. */
function isPublicationLine(paragraph: string): boolean {
  return paragraph.length <= 80 && !paragraph.includes('\n') && MONTH_DATE.test(paragraph) && !/[.!?]$/.test(paragraph);
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
