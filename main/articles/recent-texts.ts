/**
 * The canonical text of the few articles used last. Saving a highlight needs
 * its article's text (to trim the selection and take the quote's context),
 * and reading and parsing the article's file for every save cost more than
 * the save's own write. A text changes only when its article is re-imported,
 * and the service calls `forget` then; a read that was already under way
 * when that happened is not cached, so an old text never outlives its file.
 */
export class RecentArticleTexts {
  private readonly texts = new Map<string, string>();
  private readonly generations = new Map<string, number>();

  constructor(
    private readonly load: (articleId: string) => Promise<string>,
    private readonly capacity = 4,
  ) {}

  async get(articleId: string): Promise<string> {
    const cached = this.texts.get(articleId);
    if (cached !== undefined) {
      // Most recently used last, so the first key is the one to drop.
      this.texts.delete(articleId);
      this.texts.set(articleId, cached);
      return cached;
    }
    const generation = this.generations.get(articleId) ?? 0;
    const text = await this.load(articleId);
    if ((this.generations.get(articleId) ?? 0) === generation) this.remember(articleId, text);
    return text;
  }

  /** Caches a text the caller has just read itself (opening an article reads its file anyway). */
  remember(articleId: string, text: string): void {
    this.texts.delete(articleId);
    this.texts.set(articleId, text);
    while (this.texts.size > this.capacity) this.texts.delete(this.texts.keys().next().value as string);
  }

  /** The article's file changed or went away. */
  forget(articleId: string): void {
    this.texts.delete(articleId);
    this.generations.set(articleId, (this.generations.get(articleId) ?? 0) + 1);
  }
}
