/**
 * A least-recently-used map bounded by weight: each entry weighs what
 * `weigh` says (1 by default, so the bound is a count), and the oldest
 * entries go once the total passes the capacity. Caches of schemas weigh
 * them in characters, so a few huge schemas cannot hold more memory than
 * many small ones. An entry heavier than the whole capacity is not kept.
 */
export class LruCache<K, V> {
  private readonly map = new Map<K, { value: V; weight: number }>();
  private total = 0;

  constructor(
    readonly capacity: number,
    private readonly weigh: (value: V, key: K) => number = () => 1,
  ) {}

  get(key: K): V | undefined {
    const entry = this.map.get(key);
    if (entry === undefined) return undefined;
    this.map.delete(key);
    this.map.set(key, entry);
    return entry.value;
  }

  /** Whether the key is held, without making it the most recently used. */
  has(key: K): boolean {
    return this.map.has(key);
  }

  set(key: K, value: V): void {
    this.delete(key);
    const weight = this.weigh(value, key);
    if (weight > this.capacity) return;
    this.map.set(key, { value, weight });
    this.total += weight;
    for (const [oldest, entry] of this.map) {
      if (this.total <= this.capacity) break;
      this.map.delete(oldest);
      this.total -= entry.weight;
    }
  }

  delete(key: K): void {
    const entry = this.map.get(key);
    if (entry === undefined) return;
    this.map.delete(key);
    this.total -= entry.weight;
  }

  /** Removes every entry the predicate picks. */
  deleteWhere(pick: (key: K) => boolean): void {
    for (const key of [...this.map.keys()]) if (pick(key)) this.delete(key);
  }

  clear(): void {
    this.map.clear();
    this.total = 0;
  }

  get size(): number {
    return this.map.size;
  }

  /** The summed weight of the entries held. */
  get weight(): number {
    return this.total;
  }
}
