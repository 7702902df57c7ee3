/**
 * Graph algorithms of the planner, over node ids: `needs(n)` are the nodes n must come after.
 * Pure and deterministic: every choice between equals goes by `compare`.
 */

export interface Ordered {
  node: string;
  /** 1 + the highest level among the nodes it needs (1 when it needs none) */
  level: number;
}

/**
 * Kahn's topological order: of the nodes whose needs are all placed, the least by `compare` goes
 * next. Nodes in a cycle, or needing one, are never placed: they are returned as `blocked`.
 */
export function topologicalOrder(nodes: readonly string[], needs: (n: string) => readonly string[], compare: (a: string, b: string) => number): { order: Ordered[]; blocked: string[] } {
  const waiting = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const n of nodes) {
    const own = new Set(needs(n));
    waiting.set(n, own.size);
    for (const m of own) {
      const list = dependents.get(m);
      if (list) list.push(n);
      else dependents.set(m, [n]);
    }
  }
  const ready = nodes.filter((n) => waiting.get(n) === 0).sort(compare);
  const level = new Map<string, number>();
  const order: Ordered[] = [];
  while (ready.length > 0) {
    const n = ready.shift()!;
    const own = needs(n);
    let l = 1;
    for (const m of own) l = Math.max(l, level.get(m)! + 1);
    level.set(n, l);
    order.push({ node: n, level: l });
    for (const d of dependents.get(n) ?? []) {
      const left = waiting.get(d)! - 1;
      waiting.set(d, left);
      if (left === 0) insertSorted(ready, d, compare);
    }
  }
  return { order, blocked: nodes.filter((n) => !level.has(n)).sort(compare) };
}

function insertSorted(list: string[], item: string, compare: (a: string, b: string) => number): void {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compare(list[mid], item) <= 0) lo = mid + 1;
    else hi = mid;
  }
  list.splice(lo, 0, item);
}

/** The strongly connected components with more than one node (Tarjan), each sorted by `compare`, in `compare` order of their least node. */
export function cyclicComponents(nodes: readonly string[], needs: (n: string) => readonly string[], compare: (a: string, b: string) => number): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const inGraph = new Set(nodes);
  // iterative, so a long chain can not overflow the call stack
  for (const root of nodes) {
    if (index.has(root)) continue;
    const frames: { node: string; next: number; targets: readonly string[] }[] = [];
    const open = (n: string) => {
      index.set(n, counter);
      low.set(n, counter++);
      stack.push(n);
      onStack.add(n);
      frames.push({ node: n, next: 0, targets: needs(n).filter((m) => inGraph.has(m)) });
    };
    open(root);
    while (frames.length > 0) {
      const f = frames[frames.length - 1];
      if (f.next < f.targets.length) {
        const m = f.targets[f.next++];
        if (!index.has(m)) open(m);
        else if (onStack.has(m)) low.set(f.node, Math.min(low.get(f.node)!, index.get(m)!));
        continue;
      }
      frames.pop();
      if (frames.length > 0) {
        const parent = frames[frames.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(f.node)!));
      }
      if (low.get(f.node) === index.get(f.node)) {
        const component: string[] = [];
        let m: string;
        do {
          m = stack.pop()!;
          onStack.delete(m);
          component.push(m);
        } while (m !== f.node);
        if (component.length > 1) out.push(component.sort(compare));
      }
    }
  }
  return out.sort((a, b) => compare(a[0], b[0]));
}

/** A shortest cycle through the component's first node, as the nodes in the order each needs the next (the last needs the first). */
export function cycleThrough(component: readonly string[], needs: (n: string) => readonly string[], compare: (a: string, b: string) => number): string[] {
  const start = component[0];
  const inside = new Set(component);
  const cameFrom = new Map<string, string>();
  let frontier = [start];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const n of frontier) {
      for (const m of [...needs(n)].filter((x) => inside.has(x)).sort(compare)) {
        if (m === start) {
          const path = [n];
          for (let p = n; p !== start; ) {
            p = cameFrom.get(p)!;
            path.push(p);
          }
          return path.reverse();
        }
        if (!cameFrom.has(m)) {
          cameFrom.set(m, n);
          next.push(m);
        }
      }
    }
    frontier = next;
  }
  return [...component];
}
