import { useEffect, type RefObject } from 'react';

/**
 * For popovers and menus: while open, a mouse press outside `container` (and
 * outside `trigger`, which toggles it itself) closes it, and the first item
 * matching `focusFirst` takes focus.
 */
export function useDismiss(
  open: boolean,
  container: RefObject<HTMLElement | null>,
  onClose: () => void,
  options: { trigger?: RefObject<HTMLElement | null>; focusFirst?: string } = {},
): void {
  const { trigger, focusFirst } = options;
  useEffect(() => {
    if (!open) return undefined;
    if (focusFirst) container.current?.querySelector<HTMLElement>(focusFirst)?.focus();
    const onPointer = (event: MouseEvent): void => {
      const target = event.target as Node;
      if (container.current?.contains(target) || trigger?.current?.contains(target)) return;
      onClose();
    };
    document.addEventListener('mousedown', onPointer);
    return () => document.removeEventListener('mousedown', onPointer);
  }, [open, container, onClose, trigger, focusFirst]);
}

/** Arrow keys move between a menu's items, wrapping around. */
export function moveMenuFocus(menu: HTMLElement | null, key: string): boolean {
  if (key !== 'ArrowDown' && key !== 'ArrowUp') return false;
  const items = [...(menu?.querySelectorAll<HTMLElement>('[role="menuitem"]:not(:disabled)') ?? [])];
  if (items.length === 0) return true;
  const index = items.indexOf(document.activeElement as HTMLElement);
  items[(index + (key === 'ArrowDown' ? 1 : -1) + items.length) % items.length]?.focus();
  return true;
}
