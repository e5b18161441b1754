import { request } from 'node:http';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Annotation, ArticleSummary, Result } from '../../preload/api';
import { dispatch } from '../../main/dispatch';
import { GlossError } from '../../main/errors';
import { createService } from '../../main/service';
import { fileSystemError, injectWriteFault, type WriteStep } from '../../main/store/atomic-file';
import { DATABASE_FILE, Store } from '../../main/store/database';
import { releaseDataDirLock } from '../../main/store/lock';
import type { ArticleRecord } from '../../main/store/schema';
import { startWebServer } from '../../main/web/server';

/**
 * A full disk and a read-only data folder. The tests run as root, where chmod
 * stops nothing, so the file system is made to fail through the seam in
 * writeFileAtomic, at the step a real failure would hit. In every case the
 * user gets a clear error and the last good state stays on disk.
 */
const made: string[] = [];

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'gloss-faults-'));
  made.push(dir);
  return dir;
}

afterEach(async () => {
  injectWriteFault(null);
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

function article(id: string): ArticleRecord {
  return {
    id,
    title: `Article ${id}`,
    source: { kind: 'file', location: `/tmp/${id}.txt` },
    addedAt: '2024-01-01T00:00:00.000Z',
    contentHash: 'abc',
    wordCount: 10,
    progress: 0,
  };
}

/** Fails every write step `step` under `dir` with `code` (as the OS would). */
function failWrites(dir: string, step: WriteStep, code: string): void {
  injectWriteFault((at, path) => (at === step && path.startsWith(dir) ? fileSystemError(code, at, path) : undefined));
}

async function caught(promise: Promise<unknown>): Promise<GlossError> {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(GlossError);
  return error as GlossError;
}

/** Names in the data folder that are not the library's own files: leftovers of a failed write. */
async function leftovers(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((name) => name.endsWith('.tmp'));
}

describe('a full disk', () => {
  it('fails the change with a clear message, leaves db.json as it was, and forgets the change', async () => {
    const dir = await tempDir();
    const store = await Store.open(dir);
    await store.update((data) => {
      data.articles.push(article('saved'));
    });
    const before = await readFile(join(dir, DATABASE_FILE));

    failWrites(dir, 'write', 'ENOSPC');
    const error = await caught(
      store.update((data) => {
        data.articles.push(article('lost'));
      }),
    );
    expect(error.code).toBe('storage_failed');
    expect(error.message).toMatch(/^Gloss could not save your change: the disk is full \(ENOSPC/);
    expect(error.message).toMatch(/Free some space and try again/);
    expect(error.message).toMatch(/Your library on disk still holds everything saved before it/);
    expect(error.message).not.toMatch(/\n\s+at /);

    expect(await readFile(join(dir, DATABASE_FILE))).toEqual(before);
    expect(await leftovers(dir)).toEqual([]);
    expect(store.data.articles.map((record) => record.id)).toEqual(['saved']);

    // Space is freed: the next change saves, and the failed one does not come back.
    injectWriteFault(null);
    await store.update((data) => {
      data.articles.push(article('later'));
    });
    expect((await Store.open(dir)).data.articles.map((record) => record.id)).toEqual(['saved', 'later']);
  });

  it('fails a highlight whose article file cannot be written, leaving that file and memory as they were', async () => {
    const dir = await tempDir();
    const store = await Store.open(dir);
    const highlight = (id: string) => ({ id, articleId: 'a1', start: 0, end: 4, quote: 'Some', prefix: '', suffix: ' text', color: 'yellow' as const, note: '', tags: [], createdAt: 'x', updatedAt: 'x' });
    await store.update((data) => {
      data.articles.push(article('a1'));
      data.annotations.push(highlight('kept'));
    });
    const path = join(dir, 'annotations', 'a1.json');
    const before = await readFile(path);

    for (const step of ['write', 'sync', 'rename', 'sync-directory'] as const) {
      failWrites(dir, step, 'ENOSPC');
      const error = await caught(
        store.update(
          (data) => {
            data.annotations.push(highlight(`lost-at-${step}`));
          },
          { annotationsOf: ['a1'] },
        ),
      );
      injectWriteFault(null);
      expect(error.code, step).toBe('storage_failed');
      expect(await leftovers(join(dir, 'annotations')), step).toEqual([]);
      if (step !== 'sync-directory') {
        expect(await readFile(path), step).toEqual(before);
        expect(store.data.annotations.map((record) => record.id), step).toEqual(['kept']);
      }
      // After the rename, the new file is in place though its directory entry may not be durable: memory follows the file.
      const onDisk = (await Store.open(dir, { readOnly: true })).data.annotations.map((record) => record.id);
      expect(store.data.annotations.map((record) => record.id), step).toEqual(onDisk);
      if (step === 'sync-directory') {
        await store.update(
          (data) => {
            data.annotations = data.annotations.filter((record) => record.id === 'kept');
          },
          { annotationsOf: ['a1'] },
        );
      }
    }
  });

  it('fails every change that was waiting on the failed write, and none after it', async () => {
    const dir = await tempDir();
    const store = await Store.open(dir);
    await store.update((data) => {
      data.articles.push(article('base'));
    });
    // The second change arrives while the first write is on its way to the disk (it joins the next
    // write); the first write then fails, and memory goes back to the disk's state.
    let second: Promise<void> | null = null;
    injectWriteFault((step, path) => {
      if (step !== 'write' || !path.startsWith(dir) || second) return undefined;
      second = store.update((data) => {
        data.articles.push(article('two'));
      });
      return fileSystemError('ENOSPC', step, path);
    });
    const first = store.update((data) => {
      data.articles.push(article('one'));
    });
    await expect(first).rejects.toThrow(/disk is full/);
    // Its change was made on memory that the failure has since put back, so it is refused too, never silently lost.
    await expect(second).rejects.toThrow(/the save just before it failed/);
    injectWriteFault(null);

    await store.update((data) => {
      data.articles.push(article('three'));
    });
    const onDisk = (await Store.open(dir)).data.articles.map((record) => record.id);
    expect(onDisk).toEqual(['base', 'three']);
    expect(store.data.articles.map((record) => record.id)).toEqual(['base', 'three']);
  });

  it('fails a change whose rename or directory sync fails, with the errno in the message', async () => {
    for (const [step, code, pattern] of [
      ['rename', 'EIO', /input\/output error \(EIO/],
      ['sync', 'EDQUOT', /disk quota is used up/],
      ['open', 'EMFILE', /too many files are open/],
    ] as const) {
      const dir = await tempDir();
      const store = await Store.open(dir);
      await store.update((data) => {
        data.articles.push(article('kept'));
      });
      const before = await readFile(join(dir, DATABASE_FILE));
      failWrites(dir, step, code);
      const error = await caught(store.update((data) => void data.articles.push(article('x'))));
      expect(error.message, step).toMatch(pattern);
      expect(await readFile(join(dir, DATABASE_FILE))).toEqual(before);
      expect(await leftovers(dir)).toEqual([]);
      injectWriteFault(null);
    }
  });

  it('reaches a web mode user as HTTP 500 storage_failed with the same message, and db.json is unchanged', async () => {
    const dir = await tempDir();
    const rendererDir = join(dir, 'renderer');
    await mkdir(rendererDir);
    await writeFile(join(rendererDir, 'index.html'), '<!doctype html>');
    const dataDir = join(dir, 'data');
    const service = await createService({ dataDir, seedsDir: join(process.cwd(), 'seeds') });
    const server = await startWebServer({ service, rendererDir });
    try {
      const [first] = (await service.listArticles({})) as ArticleSummary[];
      const before = await readFile(join(dataDir, DATABASE_FILE));
      failWrites(dataDir, 'write', 'ENOSPC');
      const reply = await post(server.port, server.token, 'createAnnotation', { articleId: first?.id, start: 0, end: 20, color: 'yellow' });
      expect(reply.status).toBe(500);
      expect(reply.body).toMatchObject({ ok: false, error: { code: 'storage_failed', message: expect.stringMatching(/the disk is full/) as string } });
      expect(await readFile(join(dataDir, DATABASE_FILE))).toEqual(before);
      expect(await service.listHighlights({})).toEqual([]);
    } finally {
      injectWriteFault(null);
      await server.close();
    }
  });
});

describe('a read-only data folder', () => {
  it('opens the library read-only with a notice, shows it, and refuses changes clearly', async () => {
    const dir = await tempDir();
    const writer = await Store.open(dir);
    await writer.update((data) => {
      data.articles.push(article('a1'));
    });
    await writer.close();
    const before = await readFile(join(dir, DATABASE_FILE));

    failWrites(dir, 'lock', 'EROFS');
    const store = await Store.open(dir);
    expect(store.readOnlyReason).toMatch(/Gloss cannot write in .*: the data folder .* is on a read-only file system \(EROFS\)\. Your library is open read-only/);
    expect(store.notices).toEqual([{ level: 'warning', message: store.readOnlyReason }]);
    expect(store.data.articles.map((record) => record.id)).toEqual(['a1']);
    const error = await caught(store.update((data) => void data.articles.push(article('a2'))));
    expect(error.code).toBe('conflict');
    expect(error.message).toMatch(/read-only/);
    expect(await readFile(join(dir, DATABASE_FILE))).toEqual(before);
  });

  it('says so through the service and dispatch, and every change gets a clear refusal', async () => {
    const dir = await tempDir();
    const first = await createService({ dataDir: dir, seedsDir: join(process.cwd(), 'seeds') });
    const [summary] = await first.listArticles({});
    // As the app does at quit: the lock goes, so the next start takes it afresh.
    await releaseDataDirLock(dir);
    const before = await readFile(join(dir, DATABASE_FILE));

    failWrites(dir, 'lock', 'EACCES');
    const service = await createService({ dataDir: dir, seedsDir: join(process.cwd(), 'seeds') });
    const notices = await service.getStartupNotices({});
    expect(notices[0]?.message).toMatch(/Gloss is not allowed to write in .* \(EACCES\)/);
    const result = (await dispatch(service, 'createAnnotation', { articleId: summary?.id, start: 0, end: 10, color: 'green' })) as Result<Annotation>;
    expect(result).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/open read-only/) as string } });
    expect(await readFile(join(dir, DATABASE_FILE))).toEqual(before);
  });

  it('fails a change with a clear message when the folder turns read-only while Gloss runs', async () => {
    const dir = await tempDir();
    const store = await Store.open(dir);
    await store.update((data) => void data.articles.push(article('a1')));
    const before = await readFile(join(dir, DATABASE_FILE));
    failWrites(dir, 'open', 'EROFS');
    const error = await caught(store.update((data) => void data.articles.push(article('a2'))));
    expect(error.message).toMatch(/^Gloss could not save your change: the data folder .* is on a read-only file system \(EROFS\)/);
    expect(await readFile(join(dir, DATABASE_FILE))).toEqual(before);
  });

  it('keeps a damaged db.json where it is when it cannot be moved aside, and says nothing was changed', async () => {
    const dir = await tempDir();
    const bytes = '{"schemaVersion": 1, "articles": [';
    await writeFile(join(dir, DATABASE_FILE), bytes);
    failWrites(dir, 'rename', 'EROFS');
    const error = await caught(Store.open(dir));
    expect(error.code).toBe('storage_failed');
    expect(error.message).toMatch(/cannot be read \(the file is not valid JSON.*could not move it aside to restore a backup: .*read-only file system \(EROFS\)\. Nothing was changed\./);
    expect(await readFile(join(dir, DATABASE_FILE), 'utf8')).toBe(bytes);
    // Refused, so the lock was given back.
    expect(await readdir(dir)).toEqual([DATABASE_FILE]);
  });
});

function post(port: number, token: string, method: string, payload: unknown): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: `/api/${method}`,
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(payload));
  });
}
