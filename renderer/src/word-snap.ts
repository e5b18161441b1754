/**
 * A drag that starts or ends inside a word highlights the whole word, as in
 * the readers people know: half-words make poor quotes and poor anchors.
 */
const WORD_CHAR = /[\p{L}\p{N}\p{M}'’_]/u;

function isWordChar(char: string | undefined): boolean {
  return char !== undefined && WORD_CHAR.test(char);
}

export function snapToWords(text: string, start: number, end: number): { start: number; end: number } {
  let from = start;
  let to = end;
  while (from > 0 && isWordChar(text[from - 1]) && isWordChar(text[from])) from -= 1;
  while (to < text.length && isWordChar(text[to - 1]) && isWordChar(text[to])) to += 1;
  return { start: from, end: to };
}
