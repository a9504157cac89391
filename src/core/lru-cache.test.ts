import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LruCache } from './lru-cache.ts';

describe('LruCache', () => {
  it('keeps the most recently used entries within its count', () => {
    const cache = new LruCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    assert.equal(cache.get('a'), 1);
    cache.set('c', 3);
    assert.deepEqual([cache.get('a'), cache.get('b'), cache.get('c')], [1, undefined, 3]);
  });

  it('bounds the summed weight, not the number of entries', () => {
    const cache = new LruCache<string, string>(10, (value) => value.length);
    cache.set('small', 'abc');
    cache.set('big', 'x'.repeat(8));
    assert.deepEqual([cache.get('small'), cache.weight], [undefined, 8]);
    cache.set('huge', 'y'.repeat(11));
    assert.equal(cache.get('huge'), undefined, 'an entry heavier than the capacity is not kept');
    assert.equal(cache.get('big'), 'x'.repeat(8));
    cache.set('big', 'z');
    assert.equal(cache.weight, 1, 'replacing an entry replaces its weight');
  });
});
