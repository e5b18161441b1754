import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Store } from '../../main/store/database';
import { LOCK_FILE } from '../../main/store/lock';
import { seededRandom as random } from '../../main/library/synthetic-library';

/**
 * Crash test: the built web mode (out/main/web.js) on a temp data folder,
 * taking creates and updates over HTTP from a few clients at once, is killed
 * with SIGKILL at random moments (now and then during start-up) and started
 * again, KILLS times. After every kill, the library on disk (db.json and the
 * annotations files) must load as a Gloss library and hold every write that was acknowledged before the kill; after
 * every restart, the server must take over the dead process's lock and report
 * nothing to recover. Prints the kills, the writes acknowledged and the writes
 * lost (which must be 0).
 *
 * Run after `npm run build`: npx vitest run --config vitest.crash.config.ts
 */
const ROOT = process.cwd();
const WEB_ENTRY = process.env.GLOSS_WEB_ENTRY ?? join(ROOT, 'out', 'main', 'web.js');
const KILLS = Number(process.env.GLOSS_CRASH_KILLS ?? 50);
const CLIENTS = 4;
const SEED = Number(process.env.GLOSS_CRASH_SEED ?? 20_240_601);

const temps: string[] = [];
const running = new Set<ChildProcess>();

afterAll(async () => {
  for (const child of running) child.kill('SIGKILL');
  await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true })));
});


interface Server {
  child: ChildProcess;
  port: number;
  token: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts web mode; resolves once it prints its address, or with null if it is killed first. */
function startServer(dataDir: string, killAfterMs?: number): Promise<Server | null> {
  const child = spawn(process.execPath, [WEB_ENTRY, '--data-dir', dataDir, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    }),
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve, reject) => {
    let stdout = '';
    const timer = killAfterMs === undefined ? null : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const match = /Gloss web: http:\/\/127\.0\.0\.1:(\d+)\/\?token=(\S+)/.exec(stdout);
      if (match) {
        if (timer) clearTimeout(timer);
        resolve({ child, port: Number(match[1]), token: match[2] as string, exited });
      }
    });
    void exited.then(({ signal }) => {
      if (timer) clearTimeout(timer);
      if (signal === 'SIGKILL') resolve(null);
      else reject(new Error(`web mode exited before it was ready: ${stderr || stdout}`));
    });
  });
}

function call<T>(server: Server, method: string, payload: unknown): Promise<{ ok: true; value: T } | { ok: false; status: number }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        path: `/api/${method}`,
        method: 'POST',
        headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          try {
            const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { ok: boolean; value?: T };
            resolve(body.ok ? { ok: true, value: body.value as T } : { ok: false, status: res.statusCode ?? 0 });
          } catch (error) {
            reject(error as Error);
          }
        });
        res.on('error', reject);
        res.on('aborted', () => reject(new Error('aborted')));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(payload));
  });
}

interface Ledger {
  /** Highlight id → the highest note version acknowledged for it (0: acknowledged as created). */
  acknowledged: Map<string, number>;
  writes: number;
}

/**
 * What the library on disk holds right now (db.json and every annotations
 * file), loaded as Gloss itself loads it, read-only. Any damage it finds
 * (a torn or unreadable file) fails the test.
 */
async function onDisk(dataDir: string): Promise<Map<string, string>> {
  const store = await Store.open(dataDir, { readOnly: true });
  if (store.notices.length > 0) throw new Error(`the library on disk is damaged: ${store.notices.map((notice) => notice.message).join(' | ')}`);
  return new Map(store.data.annotations.map((annotation) => [annotation.id, annotation.note]));
}

/** Acknowledged writes that the disk does not hold (a missing highlight, or an older note). */
function lost(ledger: Ledger, notes: Map<string, string>): string[] {
  const missing: string[] = [];
  for (const [id, version] of ledger.acknowledged) {
    const note = notes.get(id);
    const saved = note === undefined ? -1 : Number(/^v(\d+)$/.exec(note)?.[1] ?? -1);
    if (saved < version) missing.push(`${id}: acknowledged v${version}, on disk ${note === undefined ? 'nothing' : note}`);
  }
  return missing;
}

/** One client: create a highlight, then update its note again and again, until the server dies. */
async function client(server: Server, articles: { id: string; length: number }[], next: () => number, ledger: Ledger): Promise<void> {
  for (;;) {
    const article = articles[Math.floor(next() * articles.length)] as { id: string; length: number };
    const start = Math.floor(next() * Math.max(1, article.length - 60));
    const created = await call<{ id: string }>(server, 'createAnnotation', {
      articleId: article.id,
      start,
      end: start + 10 + Math.floor(next() * 40),
      color: 'yellow',
      note: 'v0',
    }).catch(() => null);
    if (created === null) return;
    if (!created.ok) continue;
    ledger.acknowledged.set(created.value.id, 0);
    ledger.writes += 1;
    const updates = 1 + Math.floor(next() * 4);
    for (let version = 1; version <= updates; version += 1) {
      const updated = await call(server, 'updateAnnotation', { id: created.value.id, note: `v${version}` }).catch(() => null);
      if (updated === null) return;
      if (updated.ok) {
        ledger.acknowledged.set(created.value.id, version);
        ledger.writes += 1;
      }
    }
  }
}

describe('web mode killed with SIGKILL at random moments', () => {
  it(`loses no acknowledged write across ${KILLS} kills and restarts`, async () => {
    expect(existsSync(WEB_ENTRY), `${WEB_ENTRY} is missing: run "npm run build" first`).toBe(true);
    const dataDir = await mkdtemp(join(tmpdir(), 'gloss-crash-'));
    temps.push(dataDir);
    const next = random(SEED);
    const ledger: Ledger = { acknowledged: new Map(), writes: 0 };
    let kills = 0;
    let killedInStartUp = 0;
    const articles: { id: string; length: number }[] = [];
    const problems: string[] = [];

    while (kills < KILLS) {
      // Now and then, kill it while it starts (seeding, lock take-over, recovery).
      if (kills > 0 && next() < 0.12) {
        const early = await startServer(dataDir, Math.floor(next() * 150));
        if (early === null) {
          kills += 1;
          killedInStartUp += 1;
          problems.push(...lost(ledger, await onDisk(dataDir)).map((problem) => `after start-up kill ${kills}: ${problem}`));
          continue;
        }
        early.child.kill('SIGKILL');
        await early.exited;
        kills += 1;
        continue;
      }

      const server = await startServer(dataDir);
      if (server === null) throw new Error('web mode died on its own');
      // A restart takes over the dead process's lock and finds nothing to recover.
      const notices = await call<{ message: string }[]>(server, 'getStartupNotices', {});
      if (!notices.ok || notices.value.length > 0) problems.push(`restart ${kills}: unexpected notices ${JSON.stringify(notices)}`);
      if (articles.length === 0) {
        const listed = await call<{ id: string }[]>(server, 'listArticles', {});
        if (!listed.ok) throw new Error('listArticles failed');
        for (const { id } of listed.value) {
          const article = await call<{ text: string }>(server, 'getArticle', { id });
          if (article.ok) articles.push({ id, length: article.value.text.length });
        }
        expect(articles.length).toBeGreaterThan(0);
      }
      // What the API shows after the restart matches the ledger too.
      const listed = await call<{ annotation: { id: string; note: string } }[]>(server, 'listHighlights', {});
      if (!listed.ok) throw new Error('listHighlights failed');
      problems.push(...lost(ledger, new Map(listed.value.map(({ annotation }) => [annotation.id, annotation.note]))).map((problem) => `after restart ${kills}: ${problem}`));

      const clients = Array.from({ length: CLIENTS }, () => client(server, articles, next, ledger));
      await new Promise((resolve) => setTimeout(resolve, 20 + Math.floor(next() * 230)));
      server.child.kill('SIGKILL');
      await server.exited;
      await Promise.all(clients);
      kills += 1;
      problems.push(...lost(ledger, await onDisk(dataDir)).map((problem) => `after kill ${kills}: ${problem}`));
    }

    // One last start: the state is whole, and a clean stop (SIGTERM) gives the lock back.
    const last = await startServer(dataDir);
    if (last === null) throw new Error('web mode died on its own');
    const finalNotes = await call<{ annotation: { id: string; note: string } }[]>(last, 'listHighlights', {});
    if (!finalNotes.ok) throw new Error('listHighlights failed');
    problems.push(...lost(ledger, new Map(finalNotes.value.map(({ annotation }) => [annotation.id, annotation.note]))).map((problem) => `at the end: ${problem}`));
    last.child.kill('SIGTERM');
    expect(await last.exited).toEqual({ code: 0, signal: null });
    const names = await readdir(dataDir);
    expect(names).not.toContain(LOCK_FILE);
    expect(names.filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expect(names.filter((name) => name.includes('.unreadable-'))).toEqual([]);

    // Each problem names one highlight; count the distinct ones (a write lost stays lost across checks).
    const lostWrites = new Set(problems.map((problem) => /: (\S+): acknowledged/.exec(problem)?.[1] ?? problem)).size;
    console.log(
      `crash: ${kills} kills (${killedInStartUp} during start-up), ${ledger.writes} writes acknowledged, ${lostWrites} lost; ` +
        `${ledger.acknowledged.size} highlights on disk checked after every kill (seed ${SEED})`,
    );
    expect(problems).toEqual([]);
    expect(kills).toBeGreaterThanOrEqual(KILLS);
    expect(ledger.writes).toBeGreaterThan(KILLS);
  });

  it('refuses a second web mode on the same library, naming the first, and lets the first keep it', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'gloss-crash-lock-'));
    temps.push(dataDir);
    const first = await startServer(dataDir);
    if (first === null) throw new Error('web mode died on its own');
    const second = spawn(process.execPath, [WEB_ENTRY, '--data-dir', dataDir, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    second.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => second.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain(`The library in ${dataDir} is in use by Gloss web (pid ${first.child.pid}`);
    expect(stderr).not.toMatch(/\n\s+at /);
    // The first still writes.
    const listed = await call<{ id: string }[]>(first, 'listArticles', {});
    expect(listed.ok).toBe(true);
    first.child.kill('SIGTERM');
    expect((await first.exited).code).toBe(0);
    expect(await readdir(dataDir)).not.toContain(LOCK_FILE);
  });
});
