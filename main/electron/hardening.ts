import { shell, type Session, type WebContents } from 'electron';
import { externalLinkToOpen, isAllowedNavigation } from './navigation';

/**
 * The guards every webContents gets the moment it exists (index.ts installs
 * this on 'web-contents-created'), so no window, however it was made, can
 * navigate away from Gloss, open another window or embed a webview.
 */
export function hardenWebContents(contents: WebContents, allowedOrigins: readonly string[]): void {
  contents.on('will-navigate', (event) => {
    if (!isAllowedNavigation(event.url, allowedOrigins)) event.preventDefault();
  });

  contents.setWindowOpenHandler(({ url }) => {
    const external = externalLinkToOpen(url);
    if (external !== null) {
      shell.openExternal(external).catch((error: unknown) => {
        console.error(`gloss: could not open ${external}`, error);
      });
    }
    return { action: 'deny' };
  });

  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
}

/** Gloss needs no camera, location, notification or any other permission. */
export function denyAllPermissions(target: Session): void {
  target.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  target.setPermissionCheckHandler(() => false);
}
