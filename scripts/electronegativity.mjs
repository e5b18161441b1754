#!/usr/bin/env node
// Runs Electronegativity (Doyensec's static checker for Electron apps) over
// main/, preload/ and renderer/, offline, and fails on any finding of MEDIUM
// severity or higher that scripts/electronegativity-suppressions.mjs does not
// accept with a reason. Prints every finding and one summary line:
//
//   electronegativity: 7 findings (4 MEDIUM or higher), 4 suppressed, 0 failing (Electron 45.4.1)
//
// Usage: node scripts/electronegativity.mjs [--keep]   (--keep leaves the work folder for a look)
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SUPPRESSIONS } from './electronegativity-suppressions.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SCANNED = ['main', 'preload', 'renderer'];
const FAILING_SEVERITIES = new Set(['MEDIUM', 'HIGH', 'CRITICAL']);

/**
 * Loaded with --require into the Electronegativity process only. It asks the
 * network for translations and Electron's release list; here every such
 * request fails at once, so the run is offline, fast and the same everywhere.
 * It also writes its CSV header and rows with two concurrent fs.writeFile
 * calls that can land in either order (and the header's truncation can then
 * drop the rows): made sequential here, so no finding is ever lost.
 */
const OFFLINE_HOOK = `
const Module = require('node:module');
const fs = require('node:fs');
const refuse = () => Promise.reject(Object.assign(new Error('offline: no network during Gloss checks'), { code: 'EOFFLINE' }));
const got = Object.assign(refuse, { head: refuse, get: refuse, post: refuse });
const load = Module._load;
Module._load = function (request, parent, isMain) {
  if (request === 'got') return got;
  return load.call(this, request, parent, isMain);
};
fs.writeFile = function (file, data, options, callback) {
  if (typeof options === 'function') { callback = options; options = undefined; }
  try { fs.writeFileSync(file, data, options); process.nextTick(callback, null); }
  catch (error) { process.nextTick(callback, error); }
};
`;

/** Parses Electronegativity's CSV: a header line, then one finding per line, fields quoted with "" escapes (or N/A). */
export function parseFindingsCsv(text) {
  const lines = text.split(/\r?\n/).filter((line) => line.trim().length > 0);
  const header = lines.shift();
  if (!header || !/^issue,\s*severity,\s*confidence,\s*filename,\s*location,\s*sample,\s*description,\s*url$/.test(header.trim())) {
    throw new Error(`unexpected CSV header: ${JSON.stringify(header)}`);
  }
  return lines.map((line) => {
    const fields = splitCsvLine(line);
    if (fields.length !== 8) throw new Error(`unexpected CSV line (${fields.length} fields): ${line}`);
    const [check, severity, confidence, file, location, sample, description, url] = fields;
    return { check, severity, confidence, file: file.split(sep).join('/'), location, sample, description, url };
  });
}

function splitCsvLine(line) {
  const fields = [];
  let index = 0;
  while (index <= line.length) {
    if (line[index] === '"') {
      let value = '';
      index += 1;
      for (;;) {
        if (index >= line.length) throw new Error(`unterminated quote in: ${line}`);
        if (line[index] === '"') {
          if (line[index + 1] === '"') {
            value += '"';
            index += 2;
            continue;
          }
          index += 1;
          break;
        }
        value += line[index];
        index += 1;
      }
      fields.push(value);
      if (index < line.length && line[index] !== ',') throw new Error(`text after a closing quote in: ${line}`);
      index += 1;
    } else {
      const end = line.indexOf(',', index);
      const stop = end === -1 ? line.length : end;
      fields.push(line.slice(index, stop).trim());
      index = stop + 1;
    }
  }
  return fields;
}

/**
 * Checks the suppression list itself (each entry names a check, a file, the
 * text of the flagged line, and a real justification), then sorts findings
 * into suppressed, failing (MEDIUM or higher, not suppressed) and the rest.
 * A suppression that matches nothing fails too: the list only holds what is
 * still true.
 */
export function judgeFindings(findings, suppressions) {
  const problems = [];
  suppressions.forEach((entry, index) => {
    for (const key of ['check', 'file', 'match', 'justification']) {
      if (typeof entry[key] !== 'string' || entry[key].trim().length === 0) problems.push(`suppression ${index + 1} has no ${key}`);
    }
    if (typeof entry.justification === 'string' && entry.justification.trim().length < 40) {
      problems.push(`suppression ${index + 1} (${entry.check} in ${entry.file}) needs a real justification, not "${entry.justification}"`);
    }
  });
  const used = new Set();
  const judged = findings.map((finding) => {
    const index = suppressions.findIndex(
      (entry) => entry.check === finding.check && entry.file === finding.file && typeof entry.match === 'string' && finding.sample.includes(entry.match),
    );
    if (index !== -1) used.add(index);
    const serious = FAILING_SEVERITIES.has(finding.severity.toUpperCase());
    const status = index !== -1 ? 'suppressed' : serious ? 'FAILING' : 'below MEDIUM';
    return { ...finding, status, suppression: index === -1 ? null : suppressions[index] };
  });
  suppressions.forEach((entry, index) => {
    if (!used.has(index)) problems.push(`suppression ${index + 1} (${entry.check} in ${entry.file}, "${entry.match}") matches no finding: remove it`);
  });
  return {
    judged,
    problems,
    counts: {
      findings: findings.length,
      serious: judged.filter((finding) => FAILING_SEVERITIES.has(finding.severity.toUpperCase())).length,
      suppressed: judged.filter((finding) => finding.status === 'suppressed').length,
      failing: judged.filter((finding) => finding.status === 'FAILING').length,
    },
  };
}

function electronVersion() {
  return JSON.parse(readFileSync(join(ROOT, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
}

function runElectronegativity(work, version) {
  const input = join(work, 'gloss');
  for (const dir of SCANNED) {
    cpSync(join(ROOT, dir), join(input, dir), {
      recursive: true,
      filter: (source) => !relative(ROOT, source).split(sep).includes('node_modules'),
    });
  }
  const hook = join(work, 'offline.cjs');
  writeFileSync(hook, OFFLINE_HOOK);
  const csv = join(work, 'findings.csv');
  const cli = join(ROOT, 'node_modules', '@doyensec', 'electronegativity', 'dist', 'index.js');
  const run = spawnSync(process.execPath, ['--require', hook, cli, '-i', input, '-e', version, '-r', '-o', csv], {
    cwd: work,
    encoding: 'utf8',
    timeout: 180_000,
    env: { ...process.env, LANG: 'en-US' },
  });
  if (run.error || run.status !== 0 || !existsSync(csv)) {
    process.stderr.write(run.stdout ?? '');
    process.stderr.write(run.stderr ?? '');
    throw new Error(`Electronegativity did not run (status ${run.status}${run.error ? `, ${run.error.message}` : ''})`);
  }
  return readFileSync(csv, 'utf8');
}

function main() {
  const keep = process.argv.includes('--keep');
  const version = electronVersion();
  const work = mkdtempSync(join(tmpdir(), 'gloss-electronegativity-'));
  try {
    const findings = parseFindingsCsv(runElectronegativity(work, version));
    const { judged, problems, counts } = judgeFindings(findings, SUPPRESSIONS);
    for (const finding of judged) {
      const where = `${finding.file}:${finding.location.split(':')[0]}`;
      process.stdout.write(`${finding.status.padEnd(12)} ${finding.severity.padEnd(6)} ${finding.check.padEnd(28)} ${where}\n`);
      if (finding.status === 'suppressed') process.stdout.write(`             because: ${finding.suppression.justification}\n`);
      if (finding.status === 'FAILING') process.stdout.write(`             ${finding.description}: ${finding.sample}\n             ${finding.url}\n`);
    }
    for (const problem of problems) process.stdout.write(`problem      ${problem}\n`);
    process.stdout.write(
      `electronegativity: ${counts.findings} findings (${counts.serious} MEDIUM or higher), ${counts.suppressed} suppressed, ${counts.failing} failing (Electron ${version})\n`,
    );
    if (keep) process.stdout.write(`work folder kept: ${work}\n`);
    return counts.failing === 0 && problems.length === 0 ? 0 : 1;
  } finally {
    if (!keep) rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    process.exitCode = main();
  } catch (error) {
    process.stderr.write(`electronegativity: ${error.message}\n`);
    process.exitCode = 1;
  }
}
