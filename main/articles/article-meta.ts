import { basename, extname } from 'node:path';

/**
 * Small rules shared by the importers for the metadata around an article:
 * titles, dates, bylines and links, each checked before it is kept.
 */

const MAX_META_LENGTH = 300;
const MAX_HREF_LENGTH = 2048;

/** A title from a file name: `my_notes-2024.md` → `my notes 2024`. */
export function titleFromFileName(name: string): string {
  const stem = basename(name, extname(name)).replace(/[_-]+/g, ' ').trim();
  return stem.length > 0 ? stem : 'Untitled';
}

/**
 * One line of metadata: tags dropped (a title never needs `<b>` or
 * `<script>`, and titles travel into exported notes), white space collapsed,
 * trimmed, capped; undefined when nothing is left.
 */
export function metaLine(value: string | null | undefined): string | undefined {
  if (typeof value !== 'string') return undefined;
  const line = value
    .slice(0, MAX_META_LENGTH * 4)
    .replace(/<\/?[a-zA-Z][^<>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (line.length === 0) return undefined;
  return line.length > MAX_META_LENGTH ? `${line.slice(0, MAX_META_LENGTH - 1).trimEnd()}…` : line;
}

/**
 * A publication time as an ISO date (YYYY-MM-DD). A value that starts with a
 * date keeps that date as written (the publisher's own day, whatever the time
 * zone); anything else Date can read is taken in UTC. Impossible dates are
 * dropped.
 */
export function isoDate(value: string | null | undefined): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim().slice(0, 100);
  if (text.length === 0) return undefined;
  const leading = /^(\d{4})-(\d{2})-(\d{2})(?![\d])/.exec(text);
  const candidate = leading ? `${leading[1]}-${leading[2]}-${leading[3]}` : fromDateParse(text);
  return candidate !== undefined && isRealDate(candidate) ? candidate : undefined;
}

function fromDateParse(text: string): string | undefined {
  // Date.parse reads bare numbers ("7") as years and more; insist on something date-like.
  if (!/\d{4}/.test(text) || !/[a-z]|[-/.]/i.test(text)) return undefined;
  const time = Date.parse(text);
  if (Number.isNaN(time)) return undefined;
  const iso = new Date(time).toISOString();
  return /^\d{4}-/.test(iso) ? iso.slice(0, 10) : undefined;
}

/** True for a calendar date that exists, between the years 1000 and 9999. */
export function isRealDate(isoDate: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(isoDate) || isoDate < '1000') return false;
  const parsed = new Date(`${isoDate}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === isoDate;
}

/**
 * The only links an article may keep: absolute http(s) and mailto URLs, in
 * the form URL normalizes them to. Everything else (javascript:, data:,
 * vbscript:, file:, relative paths, over-long values) is refused.
 */
export function safeHref(href: string | null | undefined): string | undefined {
  if (typeof href !== 'string') return undefined;
  const trimmed = href.trim();
  if (trimmed.length === 0 || trimmed.length > MAX_HREF_LENGTH) return undefined;
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:' && url.protocol !== 'mailto:') return undefined;
  if (url.protocol !== 'mailto:' && url.hostname.length === 0) return undefined;
  return url.href.length <= MAX_HREF_LENGTH ? url.href : undefined;
}

/** A page's own address, kept only when it is http(s). */
export function webUrl(value: string | null | undefined): string | undefined {
  const href = safeHref(value);
  return href !== undefined && /^https?:/.test(href) ? href : undefined;
}

/** The site's name from its address: `https://www.example.com/x` → `example.com`. */
export function hostOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    const host = new URL(url).hostname.replace(/^www\./, '');
    return host.length > 0 ? host : undefined;
  } catch {
    return undefined;
  }
}

/** Text compared loosely: case, white space and punctuation ignored. */
export function looseText(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}
