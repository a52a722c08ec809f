// PostgreSQL's full-text match (`@@`) and rank (`ts_rank`), done in the process over the listed
// courses' vectors (listing.ts), for the queries the catalog's search makes (search.ts
// `searchQuery`): words, `!`, `&`, `|` and phrases `<N>`, read from the text PostgreSQL writes a
// tsquery as. The database still parses and stems the user's words (its dictionaries); only the
// matching and ranking over a thousand courses, most of a search's time there, move here. The
// results must be exactly the database's, down to the order of equal-looking ranks, so the rank is
// computed as PostgreSQL computes it (tsrank.c `calc_rank_or`), in single precision step by step.
// A query of any other shape (a prefix `:*`, a weight, a phrase of anything but words) is left to
// the database: `parseQuery` answers undefined.

export type QueryNode =
  | { op: 'word'; word: string }
  | { op: 'not'; arg: QueryNode }
  | { op: 'and' | 'or'; left: QueryNode; right: QueryNode }
  | { op: 'phrase'; distance: number; left: QueryNode; right: QueryNode };

/** Binding strength of tsquery operators, as PostgreSQL reads and writes them (tsquery.c). */
const PRIORITY = { or: 1, and: 2, phrase: 3 } as const;

/** A tsquery's text (`'учител' & ( 'перм' | !'край' ) <-> 'школ'`) as a tree; undefined if unsupported. */
export function parseQuery(text: string): QueryNode | undefined {
  let at = 0;
  const space = () => {
    while (text[at] === ' ') at++;
  };
  const fail = (): never => {
    throw new Unsupported();
  };
  const operand = (): QueryNode => {
    space();
    if (text[at] === '!') {
      at++;
      return { op: 'not', arg: operand() };
    }
    if (text[at] === '(') {
      at++;
      const inner = expression(1);
      space();
      if (text[at++] !== ')') fail();
      return inner;
    }
    if (text[at] !== "'") fail();
    at++;
    let word = '';
    for (;;) {
      const ch = text[at++];
      if (ch === undefined) fail();
      if (ch === '\\') word += text[at++] ?? fail();
      else if (ch === "'") {
        if (text[at] !== "'") break;
        word += "'";
        at++;
      } else word += ch;
    }
    // A prefix (`:*`) or weights (`:AB`) after the word: not made by the catalog's search.
    if (text[at] === ':') fail();
    return { op: 'word', word };
  };
  const operator = (): { op: 'and' | 'or' | 'phrase'; distance: number; length: number } | undefined => {
    space();
    const ch = text[at];
    if (ch === '&') return { op: 'and', distance: 0, length: 1 };
    if (ch === '|') return { op: 'or', distance: 0, length: 1 };
    if (ch === '<') {
      const m = /^<(-|\d+)>/.exec(text.slice(at, at + 8));
      if (!m?.[1]) fail();
      const distance = m?.[1] === '-' ? 1 : Number(m?.[1]);
      return { op: 'phrase', distance, length: m?.[0].length ?? 0 };
    }
    return undefined;
  };
  // Precedence climbing; every binary operator is left-associative.
  const expression = (min: number): QueryNode => {
    let left = operand();
    for (;;) {
      const saved = at;
      const next = operator();
      if (!next || PRIORITY[next.op] < min) {
        at = saved;
        return left;
      }
      at += next.length;
      const right = expression(PRIORITY[next.op] + 1);
      left =
        next.op === 'phrase'
          ? { op: 'phrase', distance: next.distance, left, right }
          : { op: next.op, left, right };
    }
  };
  try {
    const tree = expression(1);
    space();
    if (at !== text.length || !phrasesOfWords(tree)) return undefined;
    return tree;
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
}

class Unsupported extends Error {}

/** Whether every phrase joins only words or phrases (the only phrases a web search makes). */
function phrasesOfWords(node: QueryNode, inPhrase = false): boolean {
  switch (node.op) {
    case 'word':
      return true;
    case 'not':
      return !inPhrase && phrasesOfWords(node.arg);
    case 'and':
    case 'or':
      return !inPhrase && phrasesOfWords(node.left) && phrasesOfWords(node.right);
    case 'phrase':
      return phrasesOfWords(node.left, true) && phrasesOfWords(node.right, true);
  }
}

/** The query's distinct words, ordered as PostgreSQL orders them for ranking (bytes of UTF-8). */
export function queryWords(node: QueryNode): string[] {
  const words = new Set<string>();
  const walk = (n: QueryNode) => {
    if (n.op === 'word') words.add(n.word);
    else if (n.op === 'not') walk(n.arg);
    else {
      walk(n.left);
      walk(n.right);
    }
  };
  walk(node);
  return [...words].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

/** The word's positions in each document that has it: document numbers ascending. */
export type Postings = { docs: Int32Array; positions: Int16Array[] };

/**
 * The documents (of `count`) matching the query, as flags: `@@` of a vector with positions.
 * `postings` gives a word's documents and positions in them.
 */
export function matchAll(
  node: QueryNode,
  count: number,
  postings: (word: string) => Postings | undefined,
): Uint8Array {
  switch (node.op) {
    case 'word': {
      const found = new Uint8Array(count);
      const p = postings(node.word);
      if (p) for (const doc of p.docs) found[doc] = 1;
      return found;
    }
    case 'not': {
      const found = matchAll(node.arg, count, postings);
      for (let i = 0; i < count; i++) found[i] = found[i] ? 0 : 1;
      return found;
    }
    case 'and':
    case 'or': {
      const left = matchAll(node.left, count, postings);
      const right = matchAll(node.right, count, postings);
      if (node.op === 'and') for (let i = 0; i < count; i++) left[i] = left[i] && right[i] ? 1 : 0;
      else for (let i = 0; i < count; i++) left[i] = left[i] || right[i] ? 1 : 0;
      return left;
    }
    case 'phrase': {
      // The documents with every word of the phrase, then the positions checked in each.
      const found = new Uint8Array(count);
      const words = queryWords(node);
      const lists = words.map(postings);
      const first = lists[0];
      if (!first || lists.some((l) => l === undefined)) return found;
      for (const doc of first.docs) {
        if (lists.every((l) => l && indexOf(l.docs, doc) >= 0) && phraseEnds(node, doc, postings).ends.length)
          found[doc] = 1;
      }
      return found;
    }
  }
}

/**
 * Where a phrase ends in a document and how wide it is, as PostgreSQL's TS_phrase_execute counts:
 * `L <N> R` matches where R ends N + (R's width) after L ends.
 */
function phraseEnds(
  node: QueryNode,
  doc: number,
  postings: (word: string) => Postings | undefined,
): { ends: number[]; width: number } {
  if (node.op === 'word') {
    const p = postings(node.word);
    const i = p ? indexOf(p.docs, doc) : -1;
    return { ends: p && i >= 0 ? Array.from(p.positions[i] ?? []) : [], width: 0 };
  }
  if (node.op !== 'phrase') return { ends: [], width: 0 };
  const left = phraseEnds(node.left, doc, postings);
  const right = phraseEnds(node.right, doc, postings);
  const offset = node.distance + right.width;
  const starts = new Set(left.ends.map((p) => p + offset));
  return { ends: right.ends.filter((p) => starts.has(p)), width: node.distance + left.width + right.width };
}

function indexOf(sorted: Int32Array, value: number) {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = sorted[mid] as number;
    if (v === value) return mid;
    if (v < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

// ts_rank's default weights of D, C, B and A, as single-precision numbers.
const WEIGHT: Record<string, number> = {
  D: Math.fround(0.1),
  C: Math.fround(0.2),
  B: Math.fround(0.4),
  A: Math.fround(1.0),
};
const f = Math.fround;

/**
 * What one word of a vector adds to `ts_rank` (tsrank.c `calc_rank_or`, default weights), from its
 * positions' weights in the vector's order: the sum of weight/i² with the heaviest counted first.
 */
export function wordRank(weights: readonly string[]): number {
  let resj = 0;
  let wjm = -1;
  let jm = 0;
  weights.forEach((letter, j) => {
    const w = WEIGHT[letter] ?? (WEIGHT.D as number);
    resj = f(resj + f(w / ((j + 1) * (j + 1))));
    if (w > wjm) {
      wjm = w;
      jm = j;
    }
  });
  // Double precision here: PostgreSQL divides by a double constant.
  return f(f(wjm + resj) - f(wjm / ((jm + 1) * (jm + 1)))) / 1.64493406685;
}

/**
 * `ts_rank` of every document for a query whose top is not `&` or a phrase: the words' additions
 * summed in the query's word order, in single precision, divided by the number of words.
 * `ranks(word)` gives the documents whose vector has the word and the word's `wordRank` in each.
 */
export function rankAll(
  words: readonly string[],
  count: number,
  ranks: (word: string) => { docs: Int32Array; rank: Float64Array } | undefined,
): Float32Array {
  const sum = new Float32Array(count);
  for (const word of words) {
    const r = ranks(word);
    if (!r) continue;
    for (let i = 0; i < r.docs.length; i++) {
      const doc = r.docs[i] as number;
      // A Float32Array rounds what it stores, as C's float does.
      sum[doc] = (sum[doc] as number) + (r.rank[i] as number);
    }
  }
  if (words.length > 0) for (let i = 0; i < count; i++) sum[i] = (sum[i] as number) / words.length;
  return sum;
}

/** Whether `ts_rank` ranks this query as `calc_rank_or` (its top is not `&` or a phrase). */
export const rankedAsOr = (node: QueryNode) => node.op !== 'and' && node.op !== 'phrase';
