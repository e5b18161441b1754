import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RENDERER_CSP } from '../../main/security/csp';

/**
 * SECURITY.md maps Electron's security checklist to the code. These tests keep
 * it true: every `file:line` it cites must still hold the code quoted beside
 * it, every checklist item must be there, and the packaging config must set
 * the fuses it claims.
 */
const ROOT = process.cwd();

async function text(path: string): Promise<string> {
  return readFile(join(ROOT, path), 'utf8');
}

interface Reference {
  path: string;
  line: number;
  code: string;
}

/** `[path:line](path#Lline) `code`` */
function references(markdown: string): Reference[] {
  const found: Reference[] = [];
  const pattern = /\[([\w./-]+):(\d+)\]\(([\w./-]+)#L(\d+)\)\s+`([^`]+)`/g;
  for (const match of markdown.matchAll(pattern)) {
    const [, labelPath, labelLine, linkPath, linkLine, code] = match as unknown as [string, string, string, string, string, string];
    expect(linkPath, `link and label disagree: ${match[0]}`).toBe(labelPath);
    expect(linkLine, `link and label disagree: ${match[0]}`).toBe(labelLine);
    found.push({ path: labelPath, line: Number(labelLine), code });
  }
  return found;
}

describe('SECURITY.md', () => {
  it('cites lines that still hold the code it quotes', async () => {
    const refs = references(await text('SECURITY.md'));
    expect(refs.length).toBeGreaterThan(40);
    const stale: string[] = [];
    for (const ref of refs) {
      const lines = (await text(ref.path)).split('\n');
      if (lines[ref.line - 1]?.includes(ref.code)) continue;
      const now = lines.findIndex((line) => line.includes(ref.code));
      stale.push(`${ref.path}:${ref.line} should hold \`${ref.code}\`${now === -1 ? ', which is gone from the file' : `, which is now at line ${now + 1}`}`);
    }
    // After edits that only shifted lines: node scripts/update-security-refs.mjs
    expect(stale).toEqual([]);
  });

  it('answers all twenty items of Electron’s checklist, in order', async () => {
    const rows = [...(await text('SECURITY.md')).matchAll(/^\| (\d+) \| ([^|]+) \| (.+) \|$/gm)];
    expect(rows.map((row) => Number(row[1]))).toEqual(Array.from({ length: 20 }, (_, index) => index + 1));
    const items = rows.map((row) => (row[2] as string).toLowerCase());
    for (const [index, words] of [
      'secure content',
      'node.js integration',
      'context isolation',
      'sandbox',
      'permission',
      'websecurity',
      'content security policy',
      'allowrunninginsecurecontent',
      'experimental features',
      'enableblinkfeatures',
      'allowpopups',
      'webview',
      'navigation',
      'new windows',
      'openexternal',
      'current version',
      'sender',
      'file://',
      'fuses',
      'expose electron apis',
    ].entries()) {
      expect(items[index], `item ${index + 1}`).toContain(words);
    }
    for (const row of rows) expect((row[3] as string).length, `item ${row[1]} needs an answer`).toBeGreaterThan(30);
  });

  it('covers the threat model it promises', async () => {
    const markdown = await text('SECURITY.md');
    for (const heading of ['**Imported HTML.**', '**Links.**', '**The `gloss://` handler.**', '**Web mode.**', '**The data folder.**']) {
      expect(markdown).toContain(heading);
    }
  });
});

describe('packaging and policy the checklist relies on', () => {
  it('flips the Electron fuses in electron-builder.yml', async () => {
    const yaml = await text('electron-builder.yml');
    const block = /^electronFuses:\n((?: {2}\w+: \w+.*\n)+)/m.exec(yaml)?.[1] ?? '';
    const fuses = Object.fromEntries(block.trim().split('\n').map((line) => line.trim().split(/:\s*/)));
    expect(fuses).toEqual({
      runAsNode: 'false',
      enableCookieEncryption: 'true',
      enableNodeOptionsEnvironmentVariable: 'false',
      enableNodeCliInspectArguments: 'false',
      enableEmbeddedAsarIntegrityValidation: 'true',
      onlyLoadAppFromAsar: 'true',
      grantFileProtocolExtraPrivileges: 'false',
    });
  });

  it('keeps the CSP <meta> in renderer/index.html no looser than the CSP sent with every response', async () => {
    const html = await text('renderer/index.html');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBeDefined();
    const sent = new Set(RENDERER_CSP.split(';').map((directive) => directive.trim()));
    for (const directive of (meta as string).split(';').map((part) => part.trim())) expect(sent, directive).toContain(directive);
    // frame-ancestors is ignored in a <meta>; it is sent as a header.
    expect(RENDERER_CSP).toContain("frame-ancestors 'none'");
  });
});
