import type { StartupNotice } from '../../preload/api';

/**
 * Notices from the service (a damaged file set aside at start-up, an
 * auto-export that failed, the background check of article files…). The
 * service only ever appends to its list, so the renderer remembers how many
 * it has already taken: the rest are new. A notice the reader dismissed is
 * never shown again, since it stays counted.
 */
export interface ShownNotice extends StartupNotice {
  /** Stable for React and for dismissing, whatever else is dismissed. */
  key: number;
}

/** How often the renderer asks for new notices while the window is visible. */
export const NOTICE_POLL_MS = 10_000;

export function unseenNotices(all: readonly StartupNotice[], seen: number): { fresh: StartupNotice[]; seen: number } {
  // A list shorter than what was seen cannot be an append; nothing in it is taken as new (no dismissed notice comes back).
  if (all.length <= seen) return { fresh: [], seen };
  return { fresh: all.slice(seen), seen: all.length };
}
