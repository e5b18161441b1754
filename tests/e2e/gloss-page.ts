import { expect, type Locator, type Page } from '@playwright/test';

/**
 * A page object for Gloss: finds controls by role and name (DESIGN.md's UI
 * contract) and acts as a person does — mouse drags to select, typing, keys.
 */
export class GlossPage {
  constructor(readonly page: Page) {}

  get library(): Locator {
    return this.page.getByRole('navigation', { name: 'Library' });
  }

  get article(): Locator {
    return this.page.getByRole('main').getByRole('article');
  }

  get annotationsPane(): Locator {
    return this.page.getByRole('complementary', { name: 'Annotations' });
  }

  get selectionToolbar(): Locator {
    return this.page.getByRole('toolbar', { name: 'Selection' });
  }

  /** The annotation whose quoted passage starts with `quote` (exactly that passage when it is whole). */
  annotationCard(quote: string): Locator {
    const exact = this.annotationsPane.getByRole('article').filter({ has: this.page.locator('blockquote').getByText(quote, { exact: true }) });
    const prefix = this.annotationsPane.getByRole('article').filter({ has: this.page.locator('blockquote', { hasText: new RegExp(`^${escapeRegExp(quote)}`) }) });
    return exact.or(prefix).first();
  }

  async openArticle(title: string): Promise<void> {
    const articlesTab = this.library.getByRole('tab', { name: /^Articles/ });
    if ((await articlesTab.getAttribute('aria-selected')) !== 'true') await articlesTab.click();
    await this.library.getByRole('button', { name: title }).click();
    await expect(this.article.getByRole('heading', { level: 1 })).toHaveText(title);
  }

  /**
   * Selects `text` in the article by pressing the mouse just before its first
   * character and dragging to just after its last one.
   */
  async dragSelect(text: string): Promise<void> {
    const ends = await this.page.evaluate((needle) => {
      const body = document.querySelector('.article-body');
      if (!body) throw new Error('no article open');
      const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
        const at = node.data.indexOf(needle);
        if (at === -1) continue;
        const first = document.createRange();
        first.setStart(node, at);
        first.setEnd(node, at + 1);
        const last = document.createRange();
        last.setStart(node, at + needle.length - 1);
        last.setEnd(node, at + needle.length);
        first.startContainer.parentElement?.scrollIntoView({ block: 'center' });
        const a = first.getBoundingClientRect();
        const b = last.getBoundingClientRect();
        return { x1: a.left + 1, y1: a.top + a.height / 2, x2: b.right - 1, y2: b.top + b.height / 2 };
      }
      throw new Error(`"${needle}" is not in one text node of the article`);
    }, text);
    await this.page.mouse.move(ends.x1, ends.y1);
    await this.page.mouse.down();
    await this.page.mouse.move((ends.x1 + ends.x2) / 2, (ends.y1 + ends.y2) / 2, { steps: 5 });
    await this.page.mouse.move(ends.x2, ends.y2, { steps: 5 });
    await this.page.mouse.up();
    await expect(this.selectionToolbar).toBeVisible();
  }

  async highlight(text: string, colorLabel: string): Promise<Locator> {
    await this.dragSelect(text);
    await this.selectionToolbar.getByRole('button', { name: colorLabel, exact: true }).click();
    const card = this.annotationCard(text);
    await expect(card).toBeVisible();
    return card;
  }

  /** The text of each range painted under a CSS highlight name, as the browser sees it. */
  async paintedTexts(highlightName: string): Promise<string[]> {
    return this.page.evaluate((name) => {
      const highlight = CSS.highlights.get(name);
      return highlight ? [...highlight].map((range) => range.toString()) : [];
    }, highlightName);
  }

  /** Imports a file through the library's Import… file picker (web mode's file input). */
  async importFile(name: string, text: string): Promise<void> {
    await this.library.getByLabel('Import files').setInputFiles({ name, mimeType: 'text/plain', buffer: Buffer.from(text, 'utf8') });
  }

  /** The text under each painted range of every colour, for checking where highlights sit. */
  async allPaintedTexts(): Promise<string[]> {
    return this.page.evaluate(() =>
      ['yellow', 'green', 'blue', 'pink', 'purple'].flatMap((color) => [...(CSS.highlights.get(`gloss-${color}`) ?? [])].map((range) => range.toString())),
    );
  }

  /** Clicks the middle of the first painted range whose text contains `text`. */
  async clickPainted(highlightName: string, text: string): Promise<void> {
    const point = await this.page.evaluate(
      ([name, needle]) => {
        const range = [...(CSS.highlights.get(name as string) ?? [])].find((candidate) => candidate.toString().includes(needle as string)) as Range | undefined;
        if (!range) return null;
        range.startContainer.parentElement?.scrollIntoView({ block: 'center' });
        const rect = range.getClientRects()[0];
        return rect ? { x: rect.left + Math.min(rect.width / 2, 30), y: rect.top + rect.height / 2 } : null;
      },
      [highlightName, text],
    );
    if (!point) throw new Error(`no painted ${highlightName} range holds "${text}"`);
    await this.page.mouse.click(point.x, point.y);
  }

  async addTag(card: Locator, tag: string): Promise<void> {
    const input = card.getByRole('textbox', { name: 'Add tag' });
    await input.click();
    await input.pressSequentially(tag);
    await input.press('Enter');
    await expect(card.getByRole('button', { name: `Remove tag ${tag}` })).toBeVisible();
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
