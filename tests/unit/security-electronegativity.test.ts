import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { judgeFindings, parseFindingsCsv, type Finding } from '../../scripts/electronegativity.mjs';
import { SUPPRESSIONS } from '../../scripts/electronegativity-suppressions.mjs';

/**
 * The Electronegativity gate (scripts/electronegativity.mjs): how it reads
 * the tool's CSV, what fails the run, what a suppression must say, and the
 * real run over main/, preload/ and renderer/.
 */
const HEADER = 'issue, severity, confidence, filename, location, sample, description, url';

function finding(extra: Partial<Finding>): Finding {
  return {
    check: 'OPEN_EXTERNAL_JS_CHECK',
    severity: 'MEDIUM',
    confidence: 'TENTATIVE',
    file: 'main/electron/hardening.ts',
    location: '17:6',
    sample: 'shell.openExternal(external).catch(() => {',
    description: 'Review the use of openExternal',
    url: 'https://github.com/doyensec/electronegativity/wiki/OPEN_EXTERNAL_JS_CHECK',
    ...extra,
  };
}

const REASON = 'Only parsed http(s) URLs reach it, checked by externalLinkToOpen and its tests.';

describe('parseFindingsCsv', () => {
  it('reads quoted fields with commas and doubled quotes, and N/A', () => {
    const csv = [
      HEADER,
      'CSP_GLOBAL_CHECK,"MEDIUM","CERTAIN","N/A","0:0",N/A,"No CSP has been detected",https://example.invalid/CSP',
      'OPEN_EXTERNAL_JS_CHECK,"MEDIUM","TENTATIVE","main/a.ts","3:1","open(""x"", y)","Review, please",https://example.invalid/OE',
      '',
    ].join('\n');
    expect(parseFindingsCsv(csv)).toEqual([
      { check: 'CSP_GLOBAL_CHECK', severity: 'MEDIUM', confidence: 'CERTAIN', file: 'N/A', location: '0:0', sample: 'N/A', description: 'No CSP has been detected', url: 'https://example.invalid/CSP' },
      { check: 'OPEN_EXTERNAL_JS_CHECK', severity: 'MEDIUM', confidence: 'TENTATIVE', file: 'main/a.ts', location: '3:1', sample: 'open("x", y)', description: 'Review, please', url: 'https://example.invalid/OE' },
    ]);
  });

  it('refuses output it does not understand rather than reading it as "no findings"', () => {
    expect(() => parseFindingsCsv('')).toThrow(/header/);
    expect(() => parseFindingsCsv(`${HEADER}\nX,"MEDIUM","unterminated`)).toThrow();
  });
});

describe('judgeFindings', () => {
  it('fails an unsuppressed MEDIUM or HIGH finding and lets LOW ones through', () => {
    const { counts } = judgeFindings([finding({}), finding({ severity: 'HIGH', check: 'CONTEXT_ISOLATION_JS_CHECK' }), finding({ severity: 'LOW', check: 'CSP_GLOBAL_CHECK' })], []);
    expect(counts).toEqual({ findings: 3, serious: 2, suppressed: 0, failing: 2 });
  });

  it('suppresses only the finding whose check, file and line text all match', () => {
    const suppression = { check: 'OPEN_EXTERNAL_JS_CHECK', file: 'main/electron/hardening.ts', match: 'shell.openExternal(external)', justification: REASON };
    const { judged, counts, problems } = judgeFindings([finding({}), finding({ sample: 'shell.openExternal(someOtherUrl)' })], [suppression]);
    expect(judged.map((entry) => entry.status)).toEqual(['suppressed', 'FAILING']);
    expect(counts.failing).toBe(1);
    expect(problems).toEqual([]);
  });

  it('rejects a suppression without a real justification, and one that matches nothing', () => {
    const { problems } = judgeFindings(
      [finding({})],
      [
        { check: 'OPEN_EXTERNAL_JS_CHECK', file: 'main/electron/hardening.ts', match: 'shell.openExternal(external)', justification: 'fine' },
        { check: 'PRELOAD_JS_CHECK', file: 'main/electron/window.ts', match: 'preload:', justification: REASON },
        { check: 'PRELOAD_JS_CHECK', file: 'main/electron/window.ts', match: 'preload:' },
      ],
    );
    expect(problems.some((problem) => /needs a real justification/.test(problem))).toBe(true);
    expect(problems.some((problem) => /matches no finding/.test(problem))).toBe(true);
    expect(problems.some((problem) => /has no justification/.test(problem))).toBe(true);
  });

  it('has a reason for every checked-in suppression, and a comment above it in the file', async () => {
    const source = await readFile(join(process.cwd(), 'scripts', 'electronegativity-suppressions.mjs'), 'utf8');
    for (const entry of SUPPRESSIONS) {
      expect(entry.justification.length, entry.check).toBeGreaterThanOrEqual(40);
      expect(source).toMatch(new RegExp(`//[^\\n]*\\n\\s*check: '${entry.check}'`));
    }
  });
});

describe('the Electronegativity run', () => {
  it('finds nothing MEDIUM or higher in main/, preload/ and renderer/ that is not suppressed with a reason', () => {
    const run = spawnSync(process.execPath, [join(process.cwd(), 'scripts', 'electronegativity.mjs')], { encoding: 'utf8', timeout: 120_000 });
    const summary = /^electronegativity: (\d+) findings \((\d+) MEDIUM or higher\), (\d+) suppressed, (\d+) failing \(Electron [\d.]+\)$/m.exec(run.stdout);
    expect(summary, run.stdout + run.stderr).not.toBeNull();
    expect(Number(summary?.[4]), run.stdout).toBe(0);
    expect(run.status, run.stdout + run.stderr).toBe(0);
    // The webPreferences are literals Electronegativity can read: none of these may come back.
    expect(run.stdout).not.toMatch(/CONTEXT_ISOLATION_JS_CHECK|SANDBOX_JS_CHECK|NODE_INTEGRATION_JS_CHECK|AUXCLICK_JS_CHECK|WEB_SECURITY_JS_CHECK/);
  }, 120_000);
});
