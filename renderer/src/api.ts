import type {
  ApiError,
  GlossBridge,
  MethodInput,
  MethodName,
  MethodResults,
  Result,
} from '../../preload/api';

/**
 * How the renderer reaches the service: through the preload's `window.gloss`
 * in the desktop app, or over HTTP in web mode. Either way a call returns the
 * contract's Result, which `call` unwraps into a value or an ApiCallError.
 */
declare global {
  interface Window {
    gloss?: GlossBridge;
  }
}

export class ApiCallError extends Error {
  readonly code: ApiError['code'];

  constructor(error: ApiError) {
    super(error.message);
    this.name = 'ApiCallError';
    this.code = error.code;
  }
}

export const desktopBridge: GlossBridge | undefined = window.gloss;

const token = readToken();

function readToken(): string | null {
  const fromUrl = new URLSearchParams(window.location.search).get('token');
  if (fromUrl) {
    sessionStorage.setItem('gloss-token', fromUrl);
    return fromUrl;
  }
  return sessionStorage.getItem('gloss-token');
}

async function overHttp<M extends MethodName>(method: M, input: MethodInput<M>, keepalive = false): Promise<Result<MethodResults[M]>> {
  let response: Response;
  try {
    response = await fetch(`/api/${method}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token ?? ''}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(input),
      keepalive,
    });
  } catch {
    return { ok: false, error: { code: 'internal', message: 'Gloss’s server is not answering. Is `npm run web` still running?' } };
  }
  try {
    return (await response.json()) as Result<MethodResults[M]>;
  } catch {
    return { ok: false, error: { code: 'internal', message: `Gloss’s server sent an unreadable answer (HTTP ${response.status}).` } };
  }
}

export async function call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodResults[M]> {
  const result = desktopBridge
    ? await (desktopBridge[method] as (input: MethodInput<M>) => Promise<Result<MethodResults[M]>>)(input)
    : await overHttp(method, input);
  if (!result.ok) throw new ApiCallError(result.error);
  return result.value;
}

/** Fire-and-forget for the last save while the page is going away. */
export function callOnUnload<M extends MethodName>(method: M, input: MethodInput<M>): void {
  if (desktopBridge) void (desktopBridge[method] as (input: MethodInput<M>) => Promise<unknown>)(input);
  else void overHttp(method, input, true);
}

/** Copies text: Electron's clipboard on desktop (the renderer has no clipboard permission), the browser's in web mode. */
export async function copyText(text: string): Promise<void> {
  if (desktopBridge) {
    const result = await desktopBridge.copyText({ text });
    if (!result.ok) throw new ApiCallError(result.error);
    return;
  }
  await navigator.clipboard.writeText(text);
}

/**
 * Saves an export: the native save dialog on desktop, a browser download in
 * web mode. Resolves to where it went, or null when the user cancelled.
 */
export async function saveFile(fileName: string, content: string, type = 'text/markdown;charset=utf-8'): Promise<string | null> {
  if (desktopBridge) {
    const result = await desktopBridge.saveFileAs({ fileName, content });
    if (!result.ok) throw new ApiCallError(result.error);
    return result.value.path;
  }
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return fileName;
}

/** The native folder picker, on desktop only (web mode types the path). */
export async function chooseFolder(title: string): Promise<string | null> {
  if (!desktopBridge) return null;
  const result = await desktopBridge.chooseFolder({ title });
  if (!result.ok) throw new ApiCallError(result.error);
  return result.value.path;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
