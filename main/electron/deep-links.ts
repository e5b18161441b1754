import type { OpenTarget } from '../../preload/api';
import { findGlossUrlInArgv, parseGlossUrl, type GlossUrlTarget } from '../gloss-url';

/**
 * Routes gloss:// links (from a note in Obsidian, say) to the window: macOS
 * delivers them as 'open-url', Windows and Linux as an argument to a second
 * launch (or the first one). A link that arrives before the window can take
 * it waits, and only the latest one is kept.
 */
export class DeepLinkRouter {
  private pending: OpenTarget | null = null;
  private deliver: ((target: OpenTarget) => void) | null = null;

  /** Handles a raw URL; false when it is not a valid gloss:// link (it is then ignored). */
  openUrl(url: string): boolean {
    const target = parseGlossUrl(url);
    if (!target) return false;
    this.route(toOpenTarget(target));
    return true;
  }

  /** Handles a process's argv (first launch, or a second instance's). */
  openFromArgv(argv: readonly string[]): boolean {
    const found = findGlossUrlInArgv(argv);
    if (!found) return false;
    this.route(toOpenTarget(found.target));
    return true;
  }

  /** The window is ready: deliver what waited, and everything from now on. */
  attach(deliver: (target: OpenTarget) => void): void {
    this.deliver = deliver;
    if (this.pending) {
      const waiting = this.pending;
      this.pending = null;
      deliver(waiting);
    }
  }

  detach(): void {
    this.deliver = null;
  }

  private route(target: OpenTarget): void {
    if (this.deliver) this.deliver(target);
    else this.pending = target;
  }
}

function toOpenTarget(target: GlossUrlTarget): OpenTarget {
  return { articleId: target.articleId, annotationId: target.kind === 'annotation' ? target.annotationId : null };
}
