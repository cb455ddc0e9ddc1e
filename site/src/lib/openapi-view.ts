// A service's OpenAPI 3 document read for its reference page: the operations with their parameters
// and responses, and a ready request for each. The page lists them server-side, so the reference
// reads without JavaScript; the document itself is published beside it at /openapi/<id>.json.
import { httpMethods, type OpenApiDocument } from '../../../catalog-schema/src/openapi.ts';

type Node = Record<string, unknown>;

export interface OperationParameter {
  name: string;
  in: string;
  required: boolean;
  description?: string;
  type?: string;
  example?: unknown;
}

export interface OperationResponse {
  status: string;
  description: string;
  mediaTypes: string[];
}

export interface Operation {
  /** Stable anchor on the page. */
  anchor: string;
  method: string;
  path: string;
  summary?: string;
  description?: string;
  tag?: string;
  parameters: OperationParameter[];
  responses: OperationResponse[];
  /** Whether the operation asks for credentials (its own security, else the document's). */
  secured: boolean;
}

/** Follows a local reference (#/components/...) once; the validator has refused any other kind. */
function local(doc: OpenApiDocument, node: unknown): Node {
  let cur = node as Node | undefined;
  for (let i = 0; cur && typeof cur.$ref === 'string' && i < 10; i++) {
    cur = cur.$ref
      .slice(2)
      .split('/')
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce<unknown>((n, part) => (n as Node | undefined)?.[part], doc) as Node | undefined;
  }
  return cur ?? {};
}

function parameterOf(doc: OpenApiDocument, raw: unknown): OperationParameter {
  const p = local(doc, raw);
  const schema = local(doc, p.schema);
  const example: unknown = p.example ?? schema.example ?? (Array.isArray(schema.enum) ? schema.enum[0] : undefined);
  return {
    name: String(p.name),
    in: String(p.in),
    required: p.required === true,
    ...(typeof p.description === 'string' ? { description: p.description } : {}),
    ...(typeof schema.type === 'string' ? { type: typeof schema.format === 'string' && schema.format ? `${schema.type} (${schema.format})` : schema.type } : {}),
    ...(example !== undefined ? { example } : {}),
  };
}

export function operationsOf(doc: OpenApiDocument): Operation[] {
  const ops: Operation[] = [];
  for (const [path, rawItem] of Object.entries(doc.paths ?? {})) {
    const item = local(doc, rawItem);
    const shared = Array.isArray(item.parameters) ? item.parameters : [];
    for (const method of httpMethods) {
      const op = item[method] as Node | undefined;
      if (!op) continue;
      const own = (Array.isArray(op.parameters) ? op.parameters : []).map((p) => parameterOf(doc, p));
      // An operation's parameter overrides a path-level one of the same name and place.
      const inherited = shared.map((p) => parameterOf(doc, p)).filter((p) => !own.some((o) => o.name === p.name && o.in === p.in));
      const security = (op.security ?? doc.security) as unknown[] | undefined;
      ops.push({
        anchor: `op-${method}-${path.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '')}`,
        method: method.toUpperCase(),
        path,
        ...(typeof op.summary === 'string' ? { summary: op.summary } : {}),
        ...(typeof op.description === 'string' && op.description ? { description: op.description } : {}),
        ...(Array.isArray(op.tags) && typeof op.tags[0] === 'string' ? { tag: op.tags[0] } : {}),
        parameters: [...inherited, ...own],
        responses: Object.entries((op.responses ?? {}) as Node).map(([status, raw]) => {
          const r = local(doc, raw);
          return { status, description: typeof r.description === 'string' ? r.description : '', mediaTypes: Object.keys(r.content ?? {}) };
        }),
        secured: Array.isArray(security) && security.some((s) => s && Object.keys(s).length > 0),
      });
    }
  }
  return ops;
}

/** The header an API key goes in, when the document declares one (for the example requests). */
export function apiKeyHeader(doc: OpenApiDocument): string | undefined {
  const schemes = ((doc.components?.securitySchemes ?? {}) as Record<string, Node>) ?? {};
  for (const raw of Object.values(schemes)) {
    const s = local(doc, raw);
    if (s.type === 'apiKey' && s.in === 'header' && typeof s.name === 'string') return s.name;
    if (s.type === 'http' && s.scheme === 'bearer') return 'Authorization';
  }
  return undefined;
}

/**
 * An example value as text: a string as written, a list as its items with commas (the form style of
 * a query parameter), any other JSON value (number, boolean, null, object) as JSON.
 */
export function exampleText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map((v: unknown) => (v === null || v === undefined ? '' : exampleText(v))).join(',');
  return JSON.stringify(value);
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * A curl request for an operation: the first server, path parameters and required query
 * parameters filled with their examples, and the credential header when the operation needs one.
 */
export function exampleRequest(doc: OpenApiDocument, op: Operation, keyPlaceholder: string, fallbackServer: string): string {
  const server = (doc.servers?.[0]?.url ?? fallbackServer).replace(/\/$/, '');
  let path = op.path;
  const query = new URLSearchParams();
  for (const p of op.parameters) {
    const value = p.example === undefined ? `<${p.name}>` : exampleText(p.example);
    if (p.in === 'path') path = path.replace(`{${p.name}}`, encodeURIComponent(value));
    else if (p.in === 'query' && (p.required || p.example !== undefined)) query.set(p.name, value);
  }
  const url = `${server}${path}${query.size ? `?${query.toString()}` : ''}`;
  const header = op.secured ? apiKeyHeader(doc) : undefined;
  const auth = header ? ` \\\n  -H ${shellQuote(header === 'Authorization' ? `Authorization: Bearer ${keyPlaceholder}` : `${header}: ${keyPlaceholder}`)}` : '';
  const method = op.method === 'GET' ? '' : ` -X ${op.method}`;
  return `curl${method} ${shellQuote(url)}${auth}`;
}
