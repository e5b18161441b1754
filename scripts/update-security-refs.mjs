#!/usr/bin/env node
// Moves SECURITY.md's `file:line` references to where the quoted code now is,
// after edits shifted lines. A reference whose code is gone, or appears on more
// than one line of its file, is reported and left alone: that needs a person.
// tests/unit/security-checklist.test.ts fails until the references are true.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const securityPath = join(root, 'SECURITY.md');
const markdown = readFileSync(securityPath, 'utf8');
const pattern = /\[([\w./-]+):(\d+)\]\(([\w./-]+)#L(\d+)\)(\s+)`([^`]+)`/g;
let moved = 0;
const problems = [];
const updated = markdown.replace(pattern, (whole, path, line, _linkPath, _linkLine, space, code) => {
  const lines = readFileSync(join(root, path), 'utf8').split('\n');
  if (lines[Number(line) - 1]?.includes(code)) return whole;
  const matches = lines.flatMap((text, index) => (text.includes(code) ? [index + 1] : []));
  if (matches.length !== 1) {
    problems.push(`${path}:${line} \`${code}\`: ${matches.length === 0 ? 'the code is gone' : `found on lines ${matches.join(', ')}`}`);
    return whole;
  }
  moved += 1;
  return `[${path}:${matches[0]}](${path}#L${matches[0]})${space}\`${code}\``;
});
if (moved > 0) writeFileSync(securityPath, updated);
console.log(`SECURITY.md: ${moved} reference${moved === 1 ? '' : 's'} moved, ${problems.length} to fix by hand`);
for (const problem of problems) console.log(`  ${problem}`);
process.exitCode = problems.length > 0 ? 1 : 0;
