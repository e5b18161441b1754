import { useSyncExternalStore } from 'react';

const query = window.matchMedia('(prefers-color-scheme: dark)');

function subscribe(onChange: () => void): () => void {
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}

/** Whether the system asks for dark mode, following changes live. */
export function useSystemDark(): boolean {
  return useSyncExternalStore(subscribe, () => query.matches);
}
