/**
 * Multi-keyword matcher (Aho–Corasick) over lower-cased text. Used for the analyzer's
 * keyword pre-filter, custom dictionaries and lexicons: one pass over the text whatever the
 * number of keywords, so thousands of entries cost about as much as a handful.
 */

export interface KeywordHit<T> {
  start: number;
  /** Exclusive. */
  end: number;
  keyword: string;
  values: readonly T[];
}

interface Node<T> {
  next: Map<number, number>;
  fail: number;
  /** Keywords ending here (own + inherited through failure links), with their payloads. */
  outputs: { keyword: string; values: T[] }[];
}

export class KeywordIndex<T = true> {
  private readonly nodes: Node<T>[] = [{ next: new Map(), fail: 0, outputs: [] }];
  private built = false;
  private size = 0;
  // The built automaton is a dense DFA over a compact alphabet: one typed-array lookup per
  // character, no failure-link walking and no Map access in the scan loop.
  /** Char code → alphabet class (0 = a character no keyword contains). Codes ≥ 65536 never occur in JS strings. */
  private classOf: Uint16Array = new Uint16Array(0);
  private alphabetSize = 1;
  /**
   * delta[row + class] = the next state's row. States are numbered by row offset (state
   * number × alphabetSize), so the scan loop does one add and one load per character, no
   * multiply, and the accepting states are numbered last: "has outputs" is a comparison with
   * `firstAcceptingRow`, no memory read.
   */
  private delta: Int32Array = new Int32Array(0);
  private firstAcceptingRow = 0;
  /** Row number → node index (outputs, payloads). */
  private nodeOfRow: Int32Array = new Int32Array(0);
  /** Per state, the outputs whose hits `matchedValues` reports (see trackHits); undefined: none. */
  private trackedOutputs: ({ keyword: string; values: T[] }[] | undefined)[] = [];
  /** Per state, the distinct payloads of its outputs, in output order (for matchedValues). */
  private stateValues: T[][] = [];
  /**
   * matchedValues() marks the accepting states it has reported with the call's stamp: a state
   * reached again (a digit keyword, thousands of times per text) adds nothing new.
   */
  private reportedStamp: Uint32Array = new Uint32Array(0);
  private stamp = 0;

  /** Adds a keyword (matched case-sensitively against the text you pass; lower-case both). */
  add(keyword: string, value: T): this {
    if (keyword.length === 0) return this;
    if (this.built) throw new Error('KeywordIndex: add() after build()');
    let state = 0;
    for (let i = 0; i < keyword.length; i++) {
      const code = keyword.charCodeAt(i);
      const node = this.nodes[state]!;
      let target = node.next.get(code);
      if (target === undefined) {
        target = this.nodes.length;
        this.nodes.push({ next: new Map(), fail: 0, outputs: [] });
        node.next.set(code, target);
      }
      state = target;
    }
    const node = this.nodes[state]!;
    const existing = node.outputs.find((o) => o.keyword === keyword);
    if (existing) existing.values.push(value);
    else {
      node.outputs.push({ keyword, values: [value] });
      this.size++;
    }
    return this;
  }

  get keywordCount(): number {
    return this.size;
  }

  /** Computes failure links and the dense transition table; called lazily by the first search. */
  build(): this {
    if (this.built) return this;
    const nodes = this.nodes;
    // Compact alphabet: only the characters that occur in keywords get a class.
    this.classOf = new Uint16Array(65536);
    let classes = 1;
    for (const node of nodes) {
      for (const code of node.next.keys()) {
        if (this.classOf[code] === 0) this.classOf[code] = classes++;
      }
    }
    const width = classes;
    this.alphabetSize = width;
    const delta = new Int32Array(nodes.length * width);
    // Breadth-first: a node's failure target is always complete before the node itself.
    const queue: number[] = [];
    for (const [code, child] of nodes[0]!.next) {
      delta[this.classOf[code]!] = child;
      nodes[child]!.fail = 0;
      queue.push(child);
    }
    for (let head = 0; head < queue.length; head++) {
      const current = queue[head]!;
      const node = nodes[current]!;
      const failRow = node.fail * width;
      const row = current * width;
      for (let c = 0; c < width; c++) delta[row + c] = delta[failRow + c]!;
      for (const [code, child] of node.next) {
        const cls = this.classOf[code]!;
        const childNode = nodes[child]!;
        childNode.fail = delta[failRow + cls]!;
        if (childNode.fail === child) childNode.fail = 0;
        childNode.outputs.push(...nodes[childNode.fail]!.outputs);
        delta[row + cls] = child;
        queue.push(child);
      }
    }
    // Renumber: non-accepting states first (the root, never accepting, stays 0), then rows.
    const order: number[] = [];
    for (let i = 0; i < nodes.length; i++) if (nodes[i]!.outputs.length === 0) order.push(i);
    const firstAccepting = order.length;
    for (let i = 0; i < nodes.length; i++) if (nodes[i]!.outputs.length > 0) order.push(i);
    const newIndexOf = new Int32Array(nodes.length);
    order.forEach((old, index) => (newIndexOf[old] = index));
    const rows = new Int32Array(nodes.length * width);
    for (let index = 0; index < order.length; index++) {
      const oldRow = order[index]! * width;
      const row = index * width;
      for (let c = 0; c < width; c++) rows[row + c] = newIndexOf[delta[oldRow + c]!]! * width;
    }
    this.delta = rows;
    this.firstAcceptingRow = firstAccepting * width;
    this.nodeOfRow = Int32Array.from(order);
    this.stateValues = nodes.map((node) => {
      const distinct = new Set<T>();
      for (const out of node.outputs) for (const value of out.values) distinct.add(value);
      return [...distinct];
    });
    this.reportedStamp = new Uint32Array(nodes.length);
    this.built = true;
    return this;
  }

  /** Calls `onHit` for every occurrence (overlapping ones included). */
  scan(text: string, onHit: (hit: KeywordHit<T>) => void): void {
    if (!this.built) this.build();
    const { classOf, delta, firstAcceptingRow, nodeOfRow, alphabetSize: width, nodes } = this;
    let row = 0;
    for (let i = 0; i < text.length; i++) {
      row = delta[row + classOf[text.charCodeAt(i)]!]!;
      if (row < firstAcceptingRow) continue;
      const outputs = nodes[nodeOfRow[(row / width) | 0]!]!.outputs;
      for (let o = 0; o < outputs.length; o++) {
        const out = outputs[o]!;
        onHit({ start: i + 1 - out.keyword.length, end: i + 1, keyword: out.keyword, values: out.values });
      }
    }
  }

  /**
   * Makes `matchedValues` report every occurrence of the keywords carrying a payload that
   * `track` accepts (to its `onTrackedHit`), not only whether they occur. Call after adding.
   */
  trackHits(track: (value: T) => boolean): this {
    if (!this.built) this.build();
    this.trackedOutputs = this.nodes.map((node) => {
      const tracked = node.outputs
        .map((out) => ({ keyword: out.keyword, values: out.values.filter(track) }))
        .filter((out) => out.values.length > 0);
      return tracked.length > 0 ? tracked : undefined;
    });
    return this;
  }

  /**
   * The set of payloads whose keyword occurs at least once; with `onTrackedHit`, also every
   * occurrence of a tracked keyword (see trackHits), once per tracked payload, in scan order.
   */
  matchedValues(text: string, onTrackedHit?: (value: T, start: number, end: number, keyword: string) => void): Set<T> {
    if (!this.built) this.build();
    const { classOf, delta, firstAcceptingRow, nodeOfRow, alphabetSize: width, stateValues, reportedStamp } = this;
    const trackedOutputs = onTrackedHit === undefined ? undefined : this.trackedOutputs;
    // Same insertion order as adding every output of every hit: a state's values are all
    // added the first time it is reached.
    if (this.stamp === 0xffffffff) {
      reportedStamp.fill(0);
      this.stamp = 0;
    }
    const stamp = ++this.stamp;
    const found = new Set<T>();
    let row = 0;
    for (let i = 0; i < text.length; i++) {
      row = delta[row + classOf[text.charCodeAt(i)]!]!;
      if (row < firstAcceptingRow) continue;
      const state = nodeOfRow[(row / width) | 0]!;
      if (trackedOutputs !== undefined) {
        const tracked = trackedOutputs[state];
        if (tracked !== undefined) {
          for (const out of tracked) {
            for (const value of out.values) onTrackedHit!(value, i + 1 - out.keyword.length, i + 1, out.keyword);
          }
        }
      }
      if (reportedStamp[state] === stamp) continue;
      reportedStamp[state] = stamp;
      const values = stateValues[state]!;
      for (let v = 0; v < values.length; v++) found.add(values[v]!);
    }
    return found;
  }

  findAll(text: string): KeywordHit<T>[] {
    const hits: KeywordHit<T>[] = [];
    this.scan(text, (hit) => hits.push(hit));
    return hits;
  }
}

/** True when the character at `index` is a letter or digit (Unicode-aware). */
export function isWordChar(text: string, index: number): boolean {
  if (index < 0 || index >= text.length) return false;
  const c = text.charCodeAt(index);
  if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95) return true;
  if (c < 128) return false;
  return /[\p{L}\p{N}]/u.test(text[index]!);
}

/** True when [start, end) is not glued to letters or digits on either side. */
export function isWholeWord(text: string, start: number, end: number): boolean {
  return !isWordChar(text, start - 1) && !isWordChar(text, end);
}
