import type { AnnotationRecord } from './schema';

/**
 * The library's annotations grouped by article, kept in step with the
 * array they came from without reading it whole each time: a save that
 * changed one article's highlights needs that article's records (in library
 * order), and at 100,000 highlights a pass over every record was a quarter
 * of the save, most of it waiting for records no longer in the caches.
 *
 * It relies on how the library's array changes: records are only ever
 * appended to it (push), and every other change (a delete, a purge, a
 * reload after a failed write) puts a new array in its place, and no
 * record's article changes. So the groups stay right while the array is the
 * same one: only the records appended since the last look are read. A new
 * array, or a shorter one, is read whole again.
 */
export class AnnotationGroups {
  private source: readonly AnnotationRecord[] | null = null;
  private read = 0;
  private readonly byArticle = new Map<string, AnnotationRecord[]>();

  /** The article's records in `annotations`, in its order (a shared array: do not change it). */
  of(annotations: readonly AnnotationRecord[], articleId: string): readonly AnnotationRecord[] {
    if (annotations !== this.source || annotations.length < this.read) {
      this.source = annotations;
      this.read = 0;
      this.byArticle.clear();
    }
    for (; this.read < annotations.length; this.read += 1) {
      const record = annotations[this.read] as AnnotationRecord;
      const group = this.byArticle.get(record.articleId);
      if (group) group.push(record);
      else this.byArticle.set(record.articleId, [record]);
    }
    return this.byArticle.get(articleId) ?? [];
  }
}
