/**
 * Maximum cardinality matching in a bipartite graph (Hopcroft–Karp), used to
 * pair the branches of two allOf/anyOf/oneOf schemas: a change is compatible
 * when every branch of the smaller side has its own compatible counterpart.
 */
export function maximumMatching(leftSize: number, rightSize: number, edges: ReadonlyArray<[number, number]>): Array<[number, number]> {
  const adjacency: number[][] = Array.from({ length: leftSize }, () => []);
  for (const [l, r] of edges) adjacency[l].push(r);
  const matchLeft = new Array<number>(leftSize).fill(-1);
  const matchRight = new Array<number>(rightSize).fill(-1);
  const dist = new Array<number>(leftSize).fill(0);

  const bfs = (): boolean => {
    const queue: number[] = [];
    for (let l = 0; l < leftSize; l++) {
      if (matchLeft[l] === -1) {
        dist[l] = 0;
        queue.push(l);
      } else dist[l] = Infinity;
    }
    let found = false;
    for (let head = 0; head < queue.length; head++) {
      const l = queue[head];
      for (const r of adjacency[l]) {
        const next = matchRight[r];
        if (next === -1) found = true;
        else if (dist[next] === Infinity) {
          dist[next] = dist[l] + 1;
          queue.push(next);
        }
      }
    }
    return found;
  };

  const dfs = (l: number): boolean => {
    for (const r of adjacency[l]) {
      const next = matchRight[r];
      if (next === -1 || (dist[next] === dist[l] + 1 && dfs(next))) {
        matchLeft[l] = r;
        matchRight[r] = l;
        return true;
      }
    }
    dist[l] = Infinity;
    return false;
  };

  while (bfs()) {
    for (let l = 0; l < leftSize; l++) if (matchLeft[l] === -1) dfs(l);
  }
  const out: Array<[number, number]> = [];
  matchLeft.forEach((r, l) => {
    if (r !== -1) out.push([l, r]);
  });
  return out;
}
