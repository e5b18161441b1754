import { describe, expect, it } from 'vitest';
import { AnnotationGroups } from '../../main/store/annotation-groups';
import type { AnnotationRecord } from '../../main/store/schema';

function record(id: string, articleId: string): AnnotationRecord {
  const stamp = '2026-01-01T00:00:00.000Z';
  return { id, articleId, start: 0, end: 1, quote: 'a', prefix: '', suffix: '', color: 'yellow', note: '', tags: [], createdAt: stamp, updatedAt: stamp };
}

const ids = (records: readonly AnnotationRecord[]) => records.map((entry) => entry.id);

describe('AnnotationGroups', () => {
  it("gives an article's records in library order, and none for an article without any", () => {
    const groups = new AnnotationGroups();
    const annotations = [record('a1', 'A'), record('b1', 'B'), record('a2', 'A')];
    expect(ids(groups.of(annotations, 'A'))).toEqual(['a1', 'a2']);
    expect(ids(groups.of(annotations, 'B'))).toEqual(['b1']);
    expect(groups.of(annotations, 'C')).toEqual([]);
  });

  it('picks up records appended to the same array', () => {
    const groups = new AnnotationGroups();
    const annotations = [record('a1', 'A')];
    expect(ids(groups.of(annotations, 'A'))).toEqual(['a1']);
    annotations.push(record('b1', 'B'), record('a2', 'A'));
    expect(ids(groups.of(annotations, 'A'))).toEqual(['a1', 'a2']);
    expect(ids(groups.of(annotations, 'B'))).toEqual(['b1']);
  });

  it('reads a new array whole: a delete or a reload replaces the array', () => {
    const groups = new AnnotationGroups();
    const annotations = [record('a1', 'A'), record('a2', 'A'), record('b1', 'B')];
    expect(ids(groups.of(annotations, 'A'))).toEqual(['a1', 'a2']);
    const afterDelete = annotations.filter((entry) => entry.id !== 'a1');
    expect(ids(groups.of(afterDelete, 'A'))).toEqual(['a2']);
    // The same length as before, other records: still read again, as a different array.
    const reloaded = [record('b2', 'B'), record('a3', 'A')];
    expect(ids(groups.of(reloaded, 'A'))).toEqual(['a3']);
    expect(ids(groups.of(reloaded, 'B'))).toEqual(['b2']);
  });

  it('reads an array that shrank in place whole again', () => {
    const groups = new AnnotationGroups();
    const annotations = [record('a1', 'A'), record('a2', 'A')];
    expect(ids(groups.of(annotations, 'A'))).toEqual(['a1', 'a2']);
    annotations.length = 1;
    expect(ids(groups.of(annotations, 'A'))).toEqual(['a1']);
  });
});
