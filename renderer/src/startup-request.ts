import { loadStartup } from './startup';

/**
 * The start-up requests, sent while the page's script is still being
 * evaluated. main.tsx imports this module first: modules run in import order,
 * so these requests leave before React and the app's components are
 * initialized, and the service works on them meanwhile.
 */
export const startupRequest = loadStartup();
