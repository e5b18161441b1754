import { readFile } from 'node:fs/promises';
import type { BrowserWindow, Rectangle } from 'electron';
import { z } from 'zod';
import { writeFileAtomic } from '../store/atomic-file';

/**
 * Remembers where the window was and how big, so Gloss opens the way it was
 * left. A saved position that is no longer on any screen (a monitor was
 * unplugged) is dropped, keeping only the size.
 */
const WindowStateSchema = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(400).max(20_000),
  height: z.number().int().min(300).max(20_000),
  maximized: z.boolean().default(false),
});

export type WindowState = z.infer<typeof WindowStateSchema>;
export const WINDOW_STATE_FILE = 'window-state.json';
const SAVE_DELAY_MS = 500;

export async function loadWindowState(path: string): Promise<WindowState | null> {
  try {
    const parsed = WindowStateSchema.safeParse(JSON.parse(await readFile(path, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The bounds to open with: the saved ones when they still overlap a screen, else only the saved size. */
export function boundsToRestore(state: WindowState | null, workAreas: readonly Rectangle[]): Partial<Rectangle> | null {
  if (!state) return null;
  const { x, y, width, height } = state;
  const visible = workAreas.some((area) => x < area.x + area.width - 80 && x + width > area.x + 80 && y >= area.y - 10 && y < area.y + area.height - 80);
  return visible ? { x, y, width, height } : { width, height };
}

/** Saves the window's normal bounds a moment after it moves or resizes, and at once when it closes. */
export function trackWindowState(window: BrowserWindow, path: string): void {
  let timer: NodeJS.Timeout | null = null;
  const snapshot = (): WindowState => ({ ...window.getNormalBounds(), maximized: window.isMaximized() });
  const save = (): void => {
    if (timer) clearTimeout(timer);
    timer = null;
    writeFileAtomic(path, JSON.stringify(snapshot()) + '\n').catch((error: unknown) => console.error('gloss: could not remember the window size', error));
  };
  const later = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, SAVE_DELAY_MS);
  };
  window.on('resize', later);
  window.on('move', later);
  window.on('maximize', later);
  window.on('unmaximize', later);
  window.on('close', save);
}
