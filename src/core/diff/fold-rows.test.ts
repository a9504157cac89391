import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { foldRows } from './fold-rows.ts';
import { sideBySide } from './side-by-side.ts';

const lines = (n: number, change?: number) => Array.from({ length: n }, (_, i) => (i === change ? `changed ${i}` : `line ${i}`)).join('\n');

describe('foldRows', () => {
  it('keeps three unchanged lines around a change and folds the rest into markers', () => {
    const folded = foldRows(sideBySide(lines(1000), lines(1000, 500), []));
    assert.deepEqual(
      folded.rows.map((r) => (r.kind === 'fold' ? `fold ${r.lines}` : `${r.kind} ${r.left?.line}`)),
      ['fold 497', 'same 498', 'same 499', 'same 500', 'changed 501', 'same 502', 'same 503', 'same 504', 'fold 496'],
    );
    assert.equal(folded.cut, undefined);
  });

  it('never folds a flagged row, and shows a diff without changes whole', () => {
    const flag = { ruleId: 'R', path: '/x', message: 'm', verdict: 'compatible' as const };
    const diff = sideBySide(lines(20), lines(20), []);
    diff.rows[10].flags.push(flag);
    const folded = foldRows(diff);
    assert.ok(folded.rows.some((r) => 'flags' in r && r.flags.includes(flag)));
    assert.equal(foldRows(sideBySide(lines(20), lines(20), [])).rows.length, 20);
  });

  it('folds a long schema without changes to its head, without running out of stack on 300,000 rows', () => {
    const big = lines(300_000);
    const folded = foldRows(sideBySide(big, big, [], { maxLines: 400_000 }));
    assert.deepEqual(
      folded.rows.map((r) => (r.kind === 'fold' ? `fold ${r.lines}` : `${r.kind} ${r.left?.line}`)),
      ['same 1', 'same 2', 'same 3', 'fold 299997'],
    );
  });

  it('cuts at maxRows and moves the flags of the rows cut to unplaced, so none goes unseen', () => {
    const flag = { ruleId: 'LATE', path: '/late', message: 'late', verdict: 'breaking' as const };
    const diff = sideBySide(null, lines(100), []);
    diff.rows[90].flags.push(flag);
    const folded = foldRows(diff, { maxRows: 50 });
    assert.equal(folded.rows.length, 50);
    assert.deepEqual(folded.cut, { shownRows: 50, omittedRows: 50 });
    assert.deepEqual(folded.unplaced, [flag]);
  });
});
