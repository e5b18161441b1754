import { Agent, request } from 'node:http';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { METHOD_NAMES, inputSchemas, type Annotation, type ArticleSummary, type Result } from '../../preload/api';
import { dispatch } from '../../main/dispatch';
import { createService, type GlossService } from '../../main/service';
import { startWebServer, type RunningWebServer } from '../../main/web/server';
import { seededRandom as random } from '../../main/library/synthetic-library';

/**
 * Malformed input, by the thousand, at every contract method: wrong types,
 * missing fields, unknown keys, `__proto__` and `constructor` keys, huge
 * strings, negative, fractional and reversed offsets, ids that are paths,
 * unknown ids, and random junk from a seeded generator. Each payload goes over
 * real HTTP to startWebServer and straight through dispatch (the path IPC and
 * the CLI take). Every one must get a clear error (never "internal", never a
 * stack), nothing may throw unhandled, and db.json and the annotations files must not
 * change by a byte.
 */
const SEED = 0x5eed1e55;

let root: string;
let dataDir: string;
let service: GlossService;
let server: RunningWebServer;
let articleId: string;
let annotation: Annotation;
const agent = new Agent({ keepAlive: true, maxSockets: 8 });
const unhandled: unknown[] = [];
const onUnhandled = (error: unknown): void => void unhandled.push(error);

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'gloss-fuzz-'));
  dataDir = join(root, 'data');
  const rendererDir = join(root, 'renderer');
  await mkdir(rendererDir);
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Gloss</title>');
  service = await createService({ dataDir, seedsDir: join(process.cwd(), 'seeds') });
  const [first] = (await service.listArticles({})) as ArticleSummary[];
  articleId = first?.id as string;
  annotation = await service.createAnnotation({ articleId, start: 0, end: 12, color: 'yellow', note: 'seed', tags: ['fuzz'] });
  server = await startWebServer({ service, rendererDir, maxBodyBytes: 8 * 1024 * 1024 });
  process.on('unhandledRejection', onUnhandled);
  process.on('uncaughtException', onUnhandled);
});

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  process.off('uncaughtException', onUnhandled);
  agent.destroy();
  await server?.close();
  await rm(root, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------
// Payloads
// ---------------------------------------------------------------------------

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface Case {
  method: string;
  kind: string;
  /** The body as sent over HTTP (JSON text), so keys like __proto__ stay own keys. */
  body: string;
}

/** Valid-looking payloads that name the real article and highlight: mutated, never sent as they are. */
function bases(): Record<string, Record<string, Json>> {
  const { id, articleId: owner, start, end, quote, prefix, suffix, color, note, tags, createdAt, updatedAt } = annotation;
  return {
    getArticle: { id: articleId },
    listAnnotations: { articleId },
    createAnnotation: { articleId, start: 0, end: 10, color: 'yellow', note: 'n', tags: ['t'] },
    updateAnnotation: { id, note: 'x', tags: ['a'], color: 'green' },
    deleteAnnotation: { id },
    restoreAnnotation: { annotation: { id, articleId: owner, start, end, quote, prefix, suffix, color, note, tags, createdAt, updatedAt } },
    setReadingProgress: { id: articleId, progress: 0.5 },
    exportMarkdown: { articleId, annotationIds: [id] },
    listHighlights: { tag: 't', color: 'yellow', query: 'q', limit: 10 },
    renameTag: { from: 'fuzz', to: 'other' },
    deleteTag: { tag: 'fuzz' },
    updateSettings: { exportTemplate: 'x', exportFolder: root, autoExport: true, colors: [{ id: 'yellow', label: 'Y' }] },
    reattachAnnotation: { id, start: 0, end: 10 },
    importFiles: { files: [{ name: 'a.txt', dataBase64: 'aGVsbG8=' }] },
    exportTagMarkdown: { tag: 'fuzz' },
    exportW3C: { articleId },
    importW3C: { articleId, json: '{}' },
    previewTemplate: { articleId, template: 'x' },
    exportToFolder: { articleIds: [articleId], overwrite: [articleId] },
    deleteArticle: { id: articleId },
    restoreArticle: { id: articleId },
    renameArticle: { id: articleId, title: 'T' },
  };
}

const HUGE = 'x'.repeat(1_100_000);
const WRONG_VALUES: Json[] = [null, 42, -1, 0.5, -0.000001, 1e308, 'text', '', '   ', true, false, [], [null], [1, 'two'], {}, { nested: { deep: [1] } }, '0', 'NaN'];
const BAD_IDS: Json[] = ['../../etc/passwd', '..', 'a/b', 'a\\b', '%2e%2e%2f', 'id with spaces', 'x'.repeat(65), '\u0000', 'é', '<script>'];
const OFFSETS: [string, Json][] = [
  ['negative', -1],
  ['very negative', -1e15],
  ['fractional', 2.5],
  ['unsafe integer', 2 ** 60],
  ['string number', '5'],
];

/** Every path to a value inside `value`: keys of objects, index 0 of arrays. */
function paths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const found: (string | number)[][] = [];
  if (Array.isArray(value)) {
    if (value.length > 0) {
      found.push([...prefix, 0]);
      found.push(...paths(value[0] as Json, [...prefix, 0]));
    }
  } else if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      found.push([...prefix, key]);
      found.push(...paths(value[key] as Json, [...prefix, key]));
    }
  }
  return found;
}

function withValue(base: Json, path: (string | number)[], next: Json | undefined): Json {
  const copy = structuredClone(base) as Json;
  let cursor = copy as Record<string | number, Json>;
  for (const step of path.slice(0, -1)) cursor = cursor[step] as Record<string | number, Json>;
  const last = path[path.length - 1] as string | number;
  if (next === undefined) {
    if (Array.isArray(cursor)) cursor.splice(last as number, 1);
    else delete cursor[last];
  } else cursor[last] = next;
  return copy;
}


function randomJson(next: () => number, keys: string[], depth = 0): Json {
  const pick = Math.floor(next() * (depth > 2 ? 6 : 9));
  switch (pick) {
    case 0:
      return null;
    case 1:
      return next() < 0.5;
    case 2:
      return Math.floor((next() - 0.5) * 2 ** Math.floor(next() * 60));
    case 3:
      return next() * 1e6 - 5e5;
    case 4:
      return String.fromCharCode(...Array.from({ length: Math.floor(next() * 40) }, () => Math.floor(next() * 0xd7ff)));
    case 5:
      return keys[Math.floor(next() * keys.length)] ?? 'key';
    case 6:
      return Array.from({ length: Math.floor(next() * 4) }, () => randomJson(next, keys, depth + 1));
    default: {
      const object: Record<string, Json> = {};
      const count = Math.floor(next() * 5);
      for (let index = 0; index < count; index += 1) {
        const key = next() < 0.8 ? (keys[Math.floor(next() * keys.length)] ?? 'key') : ['__proto__', 'constructor', 'prototype', 'toString'][Math.floor(next() * 4)];
        object[key as string] = randomJson(next, keys, depth + 1);
      }
      return object;
    }
  }
}

/** True when the contract refuses `body` (the fuzz only ever sends input that must be refused). */
function refusedByContract(method: string, body: string): boolean {
  const schema = (inputSchemas as Record<string, { safeParse(value: unknown): { success: boolean } }>)[method];
  return !schema || !schema.safeParse(JSON.parse(body)).success;
}

function malformedCases(): Case[] {
  const cases: Case[] = [];
  const known = bases();
  const next = random(SEED);
  const add = (method: string, kind: string, body: string): void => {
    if (refusedByContract(method, body)) cases.push({ method, kind, body });
  };

  for (const method of METHOD_NAMES) {
    const schema = (inputSchemas as Record<string, { shape?: Record<string, unknown> }>)[method];
    const fields = Object.keys(schema?.shape ?? {});
    const base: Record<string, Json> = { ...(known[method] ?? {}) };

    // Not an object at all.
    for (const value of [null, 0, -1, 1e308, true, false, 'listArticles', '', [], [1, 2], [{}]] as Json[]) {
      add(method, 'not an object', JSON.stringify(value));
    }
    // Keys the contract does not have, prototype keys included (as own JSON keys, as a transport delivers them).
    const inner = JSON.stringify(base).slice(1, -1);
    const join = (extra: string): string => `{${inner}${inner ? ',' : ''}${extra}}`;
    for (const extra of [
      '"unexpected":1',
      '"__proto__":{"polluted":true}',
      '"constructor":{"prototype":{"polluted":true}}',
      '"prototype":{"polluted":true}',
      '"toString":"not a function"',
      '"hasOwnProperty":1',
    ]) {
      add(method, 'unknown or prototype key', join(extra));
    }

    // Every field and nested field: removed, of the wrong type, huge.
    const withAll: Json = { ...base };
    for (const field of fields) if (!(field in base)) (withAll as Record<string, Json>)[field] = null;
    for (const path of paths(withAll)) {
      const label = path.join('.');
      add(method, `missing ${label}`, JSON.stringify(withValue(withAll, path, undefined)));
      for (const value of WRONG_VALUES) add(method, `wrong type at ${label}`, JSON.stringify(withValue(withAll, path, value)));
      add(method, `huge string at ${label}`, JSON.stringify(withValue(withAll, path, HUGE)));
      add(method, `huge list at ${label}`, JSON.stringify(withValue(withAll, path, Array.from({ length: 100_001 }, () => 'a'))));
      const key = path[path.length - 1];
      if (key === 'id' || key === 'articleId' || typeof key === 'number') {
        for (const id of BAD_IDS) add(method, `bad id at ${label}`, JSON.stringify(withValue(withAll, path, id)));
      }
      if (key === 'start' || key === 'end' || key === 'limit' || key === 'progress') {
        for (const [what, value] of OFFSETS) add(method, `${what} ${label}`, JSON.stringify(withValue(withAll, path, value)));
      }
    }
    // Reversed and empty ranges.
    if ('start' in base && 'end' in base) {
      add(method, 'reversed offsets', JSON.stringify({ ...base, start: 10, end: 5 }));
      add(method, 'empty range', JSON.stringify({ ...base, start: 7, end: 7 }));
    }
    // Seeded random junk built from the method's own keys.
    for (let index = 0; index < 12; index += 1) {
      add(method, 'random', JSON.stringify(randomJson(next, [...fields, 'id', 'files', 'annotation'])));
    }
  }
  // Nesting far deeper than any real payload.
  // Nesting far deeper than any real payload (written out by hand: JSON.stringify itself would overflow).
  const depth = 20_000;
  add('createAnnotation', 'deep nesting', `{"articleId":"${articleId}","start":0,"end":5,"color":"yellow","tags":${'['.repeat(depth)}${']'.repeat(depth)}}`);
  add('importFiles', 'deep nesting', `{"files":${'[{"name":'.repeat(depth)}"x"${'}]'.repeat(depth)}}`);
  return cases;
}

/** Well-formed payloads that name things that do not exist: refused as not found, changing nothing. */
function unknownIdCases(): Case[] {
  const cases: Case[] = [];
  for (const [method, base] of Object.entries(bases())) {
    for (const unknown of ['doesNotExist123', '__proto__', 'constructor', 'hasOwnProperty', '0']) {
      const replaced = JSON.parse(JSON.stringify(base), (key, value: Json) => {
        if (key === 'id' || key === 'articleId') return unknown;
        if ((key === 'annotationIds' || key === 'articleIds' || key === 'overwrite') && Array.isArray(value)) return [unknown];
        return value;
      }) as Json;
      if (JSON.stringify(replaced) === JSON.stringify(base)) continue;
      const body = JSON.stringify(replaced);
      if (!refusedByContract(method, body)) cases.push({ method, kind: `unknown id ${unknown}`, body });
    }
  }
  return cases;
}

// ---------------------------------------------------------------------------
// Sending
// ---------------------------------------------------------------------------

interface Reply {
  status: number;
  contentType: string;
  body: string;
}

function post(path: string, body: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        path,
        method: 'POST',
        agent,
        headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json', ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type']), body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const CLEAR_CODES = new Set(['invalid_input', 'not_found', 'unknown_method', 'conflict']);

/** A refusal a person can read: a known code, a short message, no stack, no echo of a huge input. */
function expectClearRefusal(result: Result<unknown>, label: string): void {
  expect(result.ok, label).toBe(false);
  if (result.ok) return;
  expect(CLEAR_CODES.has(result.error.code), `${label}: code ${result.error.code}`).toBe(true);
  expect(typeof result.error.message, label).toBe('string');
  expect(result.error.message.length, label).toBeGreaterThan(10);
  expect(result.error.message.length, label).toBeLessThan(2_000);
  expect(result.error.message, label).not.toMatch(/\n\s+at |TypeError|RangeError|SyntaxError|Cannot read prop|\[object Object\]/);
}

/**
 * The library's own files: the bytes of db.json and of every annotations file, and which
 * article texts and backups exist (caches may come and go).
 */
async function snapshot(): Promise<{ db: Buffer; annotations: Record<string, string>; files: string[] }> {
  const files: string[] = [];
  for (const dir of ['articles', 'backups']) {
    files.push(...[...(await readdir(join(dataDir, dir), { recursive: true }))].map((name) => `${dir}/${String(name)}`));
  }
  const annotations: Record<string, string> = {};
  const names = await readdir(join(dataDir, 'annotations')).catch(() => [] as string[]);
  for (const name of names.sort()) annotations[name] = await readFile(join(dataDir, 'annotations', name), 'utf8');
  return { db: await readFile(join(dataDir, 'db.json')), annotations, files: files.sort() };
}

async function inBatches<T>(items: T[], size: number, run: (item: T) => Promise<void>): Promise<void> {
  for (let index = 0; index < items.length; index += size) await Promise.all(items.slice(index, index + size).map(run));
}

// ---------------------------------------------------------------------------

describe('malformed input at every contract method', () => {
  it('gets a clear error for each of 1,000+ payloads, over HTTP and through dispatch, and the library files never change', async () => {
    const malformed = malformedCases();
    const unknownIds = unknownIdCases();
    const all = [...malformed, ...unknownIds];
    const methods = new Set(all.map((entry) => entry.method));
    expect(malformed.length).toBeGreaterThanOrEqual(1_000);
    expect([...methods].sort()).toEqual([...METHOD_NAMES].sort());

    const errors = vi.spyOn(console, 'error');
    const before = await snapshot();

    let overHttp = 0;
    await inBatches(all, 8, async (entry) => {
      const label = `HTTP ${entry.method} (${entry.kind})`;
      const reply = await post(`/api/${entry.method}`, entry.body);
      expect(reply.status, label).toBeGreaterThanOrEqual(400);
      expect(reply.status, label).toBeLessThan(500);
      expect(reply.contentType, label).toMatch(/^application\/json/);
      expectClearRefusal(JSON.parse(reply.body) as Result<unknown>, label);
      overHttp += 1;
    });

    let throughDispatch = 0;
    for (const entry of all) {
      const label = `dispatch ${entry.method} (${entry.kind})`;
      const result = await dispatch(service, entry.method, JSON.parse(entry.body));
      expectClearRefusal(result, label);
      throughDispatch += 1;
    }

    expect(errors).not.toHaveBeenCalled();
    errors.mockRestore();
    expect(unhandled).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const after = await snapshot();
    expect(after.files).toEqual(before.files);
    expect(Buffer.compare(after.db, before.db)).toBe(0);

    console.log(
      `fuzz: ${malformed.length} malformed payloads and ${unknownIds.length} unknown ids across ${methods.size} methods; ` +
        `${overHttp} refused over HTTP and ${throughDispatch} through dispatch, each with a clear error; db.json and annotations files unchanged (seed ${SEED.toString(16)})`,
    );
  }, 120_000);

  it('refuses malformed requests at the HTTP layer: bad JSON, unknown methods, prototype method names', async () => {
    const before = await snapshot();
    const bodies = ['{', '{"id": "abc"', '{"id": "abc"} trailing', "{'id': 'abc'}", 'NaN', '\u0000', '[1,]', '{"a":1,}', '\ufeff{"id":"x"}'];
    for (const body of bodies) {
      const reply = await post('/api/getArticle', body);
      expect(reply.status, body).toBe(400);
      expectClearRefusal(JSON.parse(reply.body) as Result<unknown>, body);
    }
    for (const method of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'prototype', 'listArticles/extra', '%E0%A4%A', '..%2Fdb.json', 'LISTARTICLES', '']) {
      const reply = await post(`/api/${method}`, '{}');
      expect(reply.status, method).toBe(404);
      expectClearRefusal(JSON.parse(reply.body) as Result<unknown>, method);
    }
    for (const method of ['__proto__', 'constructor', 'toString', 'valueOf', 42, null, undefined]) {
      expectClearRefusal(await dispatch(service, method, {}), String(method));
    }
    const tooBig = await post('/api/importFiles', JSON.stringify({ files: [{ name: 'x.txt', dataBase64: 'A'.repeat(9 * 1024 * 1024) }] }));
    expect(tooBig.status).toBe(413);
    const after = await snapshot();
    expect(Buffer.compare(after.db, before.db)).toBe(0);
  }, 60_000);
});
