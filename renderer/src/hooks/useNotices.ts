import { useCallback, useEffect, useRef, useState } from 'react';
import type { StartupNotice } from '../../../preload/api';
import { call } from '../api';
import { NOTICE_POLL_MS, unseenNotices, type ShownNotice } from '../notices';

/**
 * The notices shown above the reader. Start-up hands over the first list
 * (`receive`); once `polling` is on, the list is asked for again every
 * NOTICE_POLL_MS while the window is visible, and whenever it gains focus or
 * becomes visible, because notices also arrive later: auto-export failures,
 * and the check of article files that runs after start-up.
 */
export function useNotices(polling: boolean) {
  const [notices, setNotices] = useState<ShownNotice[]>([]);
  const seen = useRef(0);
  const nextKey = useRef(0);

  const receive = useCallback((all: readonly StartupNotice[]) => {
    const { fresh, seen: count } = unseenNotices(all, seen.current);
    seen.current = count;
    if (fresh.length === 0) return;
    const keyed = fresh.map((notice) => {
      nextKey.current += 1;
      return { ...notice, key: nextKey.current };
    });
    setNotices((current) => [...current, ...keyed]);
  }, []);

  const dismiss = useCallback((key: number) => setNotices((current) => current.filter((notice) => notice.key !== key)), []);

  useEffect(() => {
    if (!polling) return undefined;
    // One request at a time: two answers arriving out of order could not both be appended correctly.
    let asking = false;
    let stopped = false;
    const ask = (): void => {
      if (asking || document.visibilityState !== 'visible') return;
      asking = true;
      call('getStartupNotices', {})
        .then((all) => {
          if (!stopped) receive(all);
        })
        // Quietly: a server that stopped answering says so on the reader's next action, not every ten seconds.
        .catch(() => undefined)
        .finally(() => {
          asking = false;
        });
    };
    const timer = window.setInterval(ask, NOTICE_POLL_MS);
    const onVisibility = (): void => {
      if (document.visibilityState === 'visible') ask();
    };
    window.addEventListener('focus', ask);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      stopped = true;
      window.clearInterval(timer);
      window.removeEventListener('focus', ask);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [polling, receive]);

  return { notices, receive, dismiss };
}
