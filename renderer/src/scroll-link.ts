/**
 * Connects the reader's scroll position to the margin, which moves with it.
 * Updates go straight to the margin's DOM on every scroll frame, without a
 * React render; the margin's wheel events scroll the reader in return.
 */
type Follower = (scrollTop: number, readerTop: number) => void;

export class ScrollLink {
  private follower: Follower | null = null;
  private scroller: ((delta: number) => void) | null = null;
  private last = { scrollTop: 0, readerTop: 0 };

  /** Called by the reader on every scroll. */
  publish(scrollTop: number, readerTop: number): void {
    this.last = { scrollTop, readerTop };
    this.follower?.(scrollTop, readerTop);
  }

  /** The margin subscribes; it is told the current position at once. Returns the unsubscribe function. */
  follow(follower: Follower): () => void {
    this.follower = follower;
    follower(this.last.scrollTop, this.last.readerTop);
    return () => {
      if (this.follower === follower) this.follower = null;
    };
  }

  /** The reader says how to scroll it. Returns the detach function. */
  attachScroller(scroll: (delta: number) => void): () => void {
    this.scroller = scroll;
    return () => {
      if (this.scroller === scroll) this.scroller = null;
    };
  }

  scrollBy(delta: number): void {
    this.scroller?.(delta);
  }
}
