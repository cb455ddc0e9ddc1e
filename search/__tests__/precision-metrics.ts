// The precision suite's measures, over the judged queries of precision-queries.json. Precision counts
// what is shown: a query whose judged sets are empty (the catalog has nothing on it) is perfect when
// nothing, or only related datasets, come back.
import judged from './precision-queries.json' with { type: 'json' };

export interface JudgedQuery {
  q: string;
  who: 'citizen' | 'business' | 'journalist';
  relevant: string[];
  related?: string[];
  why: string;
}

export const judgedQueries = judged.queries as JudgedQuery[];

export interface QueryFigures {
  q: string;
  /** Relevant or related among the first 3 shown, over the number shown (at most 3). */
  p3: number;
  p10: number;
  /** Relevant among the first 10, over the relevant ones (at most 10). */
  r10: number;
  /** The first result is neither relevant nor related. */
  wrongFirst: boolean;
  total: number;
  relevant: number;
  top: string[];
}

function precisionAt(k: number, ids: string[], good: Set<string>): number {
  const shown = ids.slice(0, k);
  if (!shown.length) return 1;
  return shown.filter((id) => good.has(id)).length / shown.length;
}

export function figures(query: JudgedQuery, ids: string[], total: number): QueryFigures {
  const good = new Set([...query.relevant, ...(query.related ?? [])]);
  const top10 = ids.slice(0, 10);
  const wanted = query.relevant.slice(0, 10);
  return {
    q: query.q,
    p3: precisionAt(3, ids, good),
    p10: precisionAt(10, ids, good),
    r10: wanted.length ? wanted.filter((id) => top10.includes(id)).length / wanted.length : 1,
    wrongFirst: ids.length > 0 && !good.has(ids[0]!),
    total,
    relevant: query.relevant.length,
    top: ids.slice(0, 5),
  };
}

export interface SuiteFigures {
  queries: number;
  p3: number;
  p10: number;
  r10: number;
  wrongFirst: string[];
  /** Results returned over relevant and related datasets, summed over the queries. */
  results: number;
  judged: number;
}

export function summary(all: QueryFigures[], judgedGood: (q: string) => number): SuiteFigures {
  const mean = (f: (x: QueryFigures) => number) => Math.round((all.reduce((s, x) => s + f(x), 0) / all.length) * 1000) / 1000;
  return {
    queries: all.length,
    p3: mean((x) => x.p3),
    p10: mean((x) => x.p10),
    r10: mean((x) => x.r10),
    wrongFirst: all.filter((x) => x.wrongFirst).map((x) => `${x.q} → ${x.top[0]}`),
    results: all.reduce((s, x) => s + x.total, 0),
    judged: all.reduce((s, x) => s + judgedGood(x.q), 0),
  };
}
