// CKAN's side of the API contract, as pure functions: its error shapes and the Solr-style q and fq
// that CKAN clients send to package_search, read into the catalog's search filters. The HTTP route
// and the dataset dictionaries (built from the portal's indexes and labels) are in site/src/lib/ckan.ts.
import type { FacetName } from './facets.ts';

export class CkanError extends Error {
  override name = 'CkanError';
  readonly status: number;
  readonly type: string;
  readonly detail?: Record<string, unknown>;
  constructor(status: number, type: string, message: string, detail?: Record<string, unknown>) {
    super(message);
    this.status = status;
    this.type = type;
    this.detail = detail;
  }
}

export const notFound = (what = 'Not found') => new CkanError(404, 'Not Found Error', what);
export const invalid = (message: string, detail?: Record<string, unknown>) => new CkanError(409, 'Validation Error', message, detail);

export function tagName(k: string): string {
  return k.normalize('NFC');
}

interface FieldSpec {
  attribute: FacetName | 'keywords_vi' | 'id';
  value?: (v: string) => string;
}

/** CKAN / Solr field names the portal understands in q and fq, with the search attribute behind each. */
const ckanFields = new Map<string, FieldSpec>([
  ['organization', { attribute: 'agency' }],
  ['owner_org', { attribute: 'agency' }],
  ['groups', { attribute: 'theme' }],
  ['tags', { attribute: 'keywords_vi', value: tagName }],
  ['res_format', { attribute: 'format', value: (v) => v.toLowerCase() }],
  ['license_id', { attribute: 'license' }],
  ['name', { attribute: 'id' }],
  ['id', { attribute: 'id' }],
]);

export interface ParsedQuery {
  text: string;
  filters: string[];
}

type Token = { t: '(' | ')' | 'AND' | 'OR' | 'NOT' | 'all' } | { t: 'field'; negated: boolean; expr: string } | { t: 'text'; word: string };

type QueryNode = { k: 'field'; expr: string } | { k: 'text'; word: string } | { k: 'all' } | { k: 'and' | 'or'; items: QueryNode[] } | { k: 'not'; item: QueryNode };

const MAX_NESTING = 16;
const filterValue = (v: string) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
const isSpace = (c: string | undefined) => c !== undefined && /\s/.test(c);

/** A quoted value from s[i] === '"': its text without the quotes and escapes, or undefined when never closed. */
function quoted(s: string, i: number): { value: string; end: number } | undefined {
  let value = '';
  for (let j = i + 1; j < s.length; j++) {
    if (s[j] === '\\' && j + 1 < s.length) value += s[++j];
    else if (s[j] === '"') return { value, end: j + 1 };
    else value += s[j];
  }
  return undefined;
}

/**
 * Splits CKAN's q or fq ("organization:so-xay-dung tags:\"xe buýt\" res_format:(CSV OR XLSX)")
 * into Meilisearch filters and free text. Terms are AND-ed (the default operator of CKAN's Solr);
 * OR, NOT, - and parentheses combine field terms. What cannot be read faithfully (an unclosed quote
 * or parenthesis, a field with no value, a wildcard, free text OR-ed with a field) is a 409
 * Validation Error: a guessed filter would answer 200 with wrong results.
 */
export function parseSolrQuery(input: string | undefined, param = 'q'): ParsedQuery {
  const fail = (vi: string, en: string): never => {
    throw invalid(`Truy vấn không hợp lệ: ${vi} / Search Query is invalid: ${en}`, { [param]: [`${vi} / ${en}`] });
  };
  const s = (input ?? '').normalize('NFC');

  const bareValue = (i: number): { value: string; end: number } => {
    let value = '';
    let j = i;
    for (; j < s.length && !isSpace(s[j]) && s[j] !== ')'; j++) {
      const c = s[j]!;
      if (c === '\\' && j + 1 < s.length) value += s[++j];
      else if (c === '*' || c === '?') fail(`chưa hỗ trợ ký tự đại diện (${c})`, `wildcards (${c}) are not supported`);
      else if (c === '"' || c === '(') fail(`ký tự ${c} giữa giá trị; hãy đặt giá trị trong ngoặc kép`, `${c} inside a value; put the value in double quotes`);
      else value += c;
    }
    return { value, end: j };
  };

  const fieldTerm = (name: string, i: number): { expr: string; end: number } => {
    const spec = ckanFields.get(name);
    const known = [...ckanFields.keys()].join(', ');
    if (!spec) fail(`không có trường "${name}" (có: ${known})`, `unknown field "${name}" (known: ${known})`);
    const values: string[] = [];
    let joiner = 'AND';
    let end: number;
    if (s[i] === '"') {
      const q = quoted(s, i) ?? fail('thiếu dấu " đóng', 'unclosed "');
      values.push(q.value);
      end = q.end;
    } else if (s[i] === '(') {
      // field:(a OR b): several values of one field.
      const joiners = new Set<string>();
      let j = i + 1;
      for (;;) {
        while (isSpace(s[j])) j++;
        if (j >= s.length) fail('thiếu dấu ) đóng', 'unclosed (');
        if (s[j] === ')') break;
        if (s[j] === '"') {
          const q = quoted(s, j) ?? fail('thiếu dấu " đóng', 'unclosed "');
          values.push(q.value);
          j = q.end;
          continue;
        }
        if (s[j] === '(') fail('không hỗ trợ ngoặc lồng nhau trong giá trị', 'nested parentheses in a value are not supported');
        const w = bareValue(j);
        j = w.end;
        if (w.value === 'OR' || w.value === 'AND') joiners.add(w.value);
        else if (w.value === 'NOT') fail('không hỗ trợ NOT trong giá trị', 'NOT inside a value is not supported');
        else values.push(w.value);
      }
      if (joiners.size > 1) fail('không trộn AND và OR trong một nhóm giá trị', 'AND and OR mixed in one group of values');
      joiner = joiners.has('OR') ? 'OR' : 'AND';
      end = j + 1;
    } else {
      const w = bareValue(i);
      values.push(w.value);
      end = w.end;
    }
    if (!values.length || values.some((v) => v.trim() === '')) fail(`trường "${name}" không có giá trị`, `no value for field "${name}"`);
    const exprs = values.map((v) => `${spec!.attribute} = ${filterValue(spec!.value ? spec!.value(v) : v)}`);
    return { expr: exprs.length === 1 ? exprs[0]! : `(${exprs.join(` ${joiner} `)})`, end };
  };

  const tokens: Token[] = [];
  for (let i = 0; i < s.length;) {
    const c = s[i]!;
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c === '(' || c === ')') {
      tokens.push({ t: c });
      i++;
      continue;
    }
    if ((c === '-' || c === '+') && s[i + 1] === '(') {
      // -(…) excludes a group, +(…) requires it (as every term is required already).
      if (c === '-') tokens.push({ t: 'NOT' });
      i++;
      continue;
    }
    const field = /^([+-]?)([a-z_]+):/.exec(s.slice(i, i + 64));
    if (field) {
      const term = fieldTerm(field[2]!, i + field[0].length);
      tokens.push({ t: 'field', negated: field[1] === '-', expr: term.expr });
      i = term.end;
      continue;
    }
    const phrase = c === '"' ? quoted(s, i) : undefined;
    if (phrase) {
      // Free-text phrases keep their quotes: Meilisearch searches them as phrases.
      tokens.push({ t: 'text', word: s.slice(i, phrase.end) });
      i = phrase.end;
      continue;
    }
    let j = i;
    while (j < s.length && !isSpace(s[j]) && s[j] !== '(' && s[j] !== ')') j++;
    const word = s.slice(i, j);
    i = j;
    if (word === '*:*') tokens.push({ t: 'all' });
    else if (word === 'AND' || word === '&&') tokens.push({ t: 'AND' });
    else if (word === 'OR' || word === '||') tokens.push({ t: 'OR' });
    else if (word === 'NOT') tokens.push({ t: 'NOT' });
    else tokens.push({ t: 'text', word });
  }

  let pos = 0;
  const ends = (tok: Token | undefined) => !tok || tok.t === ')' || tok.t === 'OR';
  const parseOr = (depth: number): QueryNode => {
    const items = [parseAnd(depth)];
    while (tokens[pos]?.t === 'OR') {
      pos++;
      if (ends(tokens[pos])) fail('thiếu điều kiện sau OR', 'nothing after OR');
      items.push(parseAnd(depth));
    }
    return items.length === 1 ? items[0]! : { k: 'or', items };
  };
  const parseAnd = (depth: number): QueryNode => {
    const items: QueryNode[] = [];
    while (!ends(tokens[pos])) {
      if (tokens[pos]!.t === 'AND') {
        pos++;
        if (!items.length || ends(tokens[pos])) fail('AND thiếu điều kiện ở một bên', 'AND without a term on one side');
        continue;
      }
      items.push(parseUnary(depth));
    }
    if (!items.length) fail('thiếu điều kiện trước OR hoặc trong ngoặc', 'nothing before OR or inside parentheses');
    return items.length === 1 ? items[0]! : { k: 'and', items };
  };
  const parseUnary = (depth: number): QueryNode => {
    if (depth > MAX_NESTING) fail('lồng nhau quá sâu', 'nested too deeply');
    const tok = tokens[pos++]!;
    switch (tok.t) {
      case 'NOT':
        if (ends(tokens[pos]) || tokens[pos]?.t === 'AND') fail('thiếu điều kiện sau NOT', 'nothing after NOT');
        return { k: 'not', item: parseUnary(depth + 1) };
      case 'field':
        return tok.negated ? { k: 'not', item: { k: 'field', expr: tok.expr } } : { k: 'field', expr: tok.expr };
      case 'text':
        return { k: 'text', word: tok.word };
      case 'all':
        return { k: 'all' };
      case '(': {
        const node = parseOr(depth + 1);
        if (tokens[pos++]?.t !== ')') fail('thiếu dấu ) đóng', 'unclosed (');
        return node;
      }
      default:
        return fail('thiếu điều kiện', 'a term is missing');
    }
  };

  const text: string[] = [];
  const filters: string[] = [];
  if (tokens.length) {
    const root = parseOr(0);
    if (pos < tokens.length) fail('thừa dấu )', 'unmatched )');
    const onlyText = (n: QueryNode): boolean => n.k === 'text' || ((n.k === 'and' || n.k === 'or') && n.items.every(onlyText));
    const onlyFields = (n: QueryNode): boolean => n.k === 'field' || (n.k === 'not' && onlyFields(n.item)) || ((n.k === 'and' || n.k === 'or') && n.items.every(onlyFields));
    const words = (n: QueryNode): string[] => (n.k === 'text' ? [n.word] : n.k === 'and' || n.k === 'or' ? n.items.flatMap(words) : []);
    const expr = (n: QueryNode): string => {
      if (n.k === 'field') return n.expr;
      if (n.k === 'not') return `NOT ${n.item.k === 'field' ? n.item.expr : expr(n.item)}`;
      if (n.k === 'and' || n.k === 'or') return `(${n.items.map(expr).join(n.k === 'and' ? ' AND ' : ' OR ')})`;
      return '';
    };
    const conjuncts = (n: QueryNode): QueryNode[] => (n.k === 'and' ? n.items.flatMap(conjuncts) : [n]);
    for (const n of conjuncts(root)) {
      if (n.k === 'all') continue;
      if (onlyText(n)) text.push(...words(n));
      else if (onlyFields(n)) filters.push(n.k === 'or' ? expr(n).slice(1, -1) : expr(n));
      else fail('chỉ nối được các điều kiện theo trường bằng OR hoặc NOT, không nối với từ tự do', 'OR and NOT combine field terms only, not free text');
    }
  }
  return { text: text.join(' ').replace(/\s+/g, ' ').trim(), filters };
}
