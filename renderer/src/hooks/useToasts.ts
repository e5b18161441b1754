import { useCallback, useRef, useState } from 'react';
import type { Toast } from '../components/Toasts';
import { errorMessage } from '../api';

/** Short status messages; errors stay until dismissed, others fade. */
export function useToasts() {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextId = useRef(0);

  const dismiss = useCallback((id: number) => setToasts((current) => current.filter((toast) => toast.id !== id)), []);

  const show = useCallback(
    (message: string, tone: Toast['tone'] = 'info', action?: Toast['action']): number => {
      nextId.current += 1;
      const id = nextId.current;
      setToasts((current) => [...current.slice(-3), { id, message, tone, ...(action ? { action } : {}) }]);
      if (tone === 'info') window.setTimeout(() => dismiss(id), action ? 8000 : 3500);
      return id;
    },
    [dismiss],
  );

  /** Replaces a toast's text in place (progress on long work). */
  const update = useCallback((id: number, message: string) => {
    setToasts((current) => current.map((toast) => (toast.id === id ? { ...toast, message } : toast)));
  }, []);

  const reportError = useCallback((error: unknown) => void show(errorMessage(error), 'error'), [show]);

  return { toasts, show, update, dismiss, reportError };
}
