import type { ImportResult } from '../../preload/api';
import { call } from './api';

/** Reads a File as base64: the service judges encodings and rejects binaries itself. */
async function toBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(binary);
}

export const MAX_IMPORT_BYTES = 60 * 1024 * 1024;

/**
 * Imports files one at a time, so that one bad file never sinks the batch and
 * the caller can show progress ("3 of 12").
 */
export async function importFiles(files: readonly File[], onProgress: (done: number, total: number) => void): Promise<ImportResult[]> {
  const results: ImportResult[] = [];
  for (const [index, file] of files.entries()) {
    onProgress(index, files.length);
    if (file.size > MAX_IMPORT_BYTES) {
      results.push({ name: file.name, ok: false, error: `${file.name}: the file is larger than 60 MB.` });
      continue;
    }
    try {
      const [result] = await call('importFiles', { files: [{ name: file.name, dataBase64: await toBase64(file) }] });
      if (result) results.push(result);
    } catch (error) {
      results.push({ name: file.name, ok: false, error: `${file.name}: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  onProgress(files.length, files.length);
  return results;
}
