import type { ArticleSummary, Settings, StartupNotice, TagCount } from '../../preload/api';
import { call } from './api';

/**
 * What the window needs to show the library, asked for in one go. main.tsx
 * starts these requests before React renders, so they travel while the shell
 * renders; the article list is separate because the Library is drawn as soon
 * as it arrives, without waiting for the rest.
 */
export interface StartupData {
  articles: Promise<ArticleSummary[]>;
  rest: Promise<[TagCount[], Settings, StartupNotice[]]>;
}

export function loadStartup(): StartupData {
  const articles = call('listArticles', {});
  const rest = Promise.all([call('listTags', {}), call('getSettings', {}), call('getStartupNotices', {})]);
  // Whoever awaits these reports a failure; until then an early one is not an unhandled rejection.
  articles.catch(() => undefined);
  rest.catch(() => undefined);
  return { articles, rest };
}
