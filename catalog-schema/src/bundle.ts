// Folds every schema document into one with local references only ("#/$defs/Name"), for tools
// that want a single self-contained schema (type generation, documentation).
import { schemaDocuments, type SchemaNode } from './schemas.ts';

function nameOf(ref: string, currentDoc: SchemaNode): string {
  const [file, pointer = ''] = ref.split('#');
  const parts = pointer.split('/').filter(Boolean);
  if (parts.length === 2 && parts[0] === '$defs') return parts[1] as string;
  if (!pointer) {
    const doc = schemaDocuments.find((d) => (d.$id ?? '').endsWith(`/${file}`)) ?? currentDoc;
    return doc.title ?? '';
  }
  throw new Error(`Cannot bundle $ref ${ref}`);
}

// Cross-field rules: they constrain values, they add no shape.
const ruleKeywords = new Set(['anyOf', 'allOf', 'if', 'then', 'else']);

function rewrite(node: unknown, doc: SchemaNode, shapeOnly: boolean): unknown {
  if (Array.isArray(node)) return node.map((n) => rewrite(n, doc, shapeOnly));
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  // Keywords beside a $ref would make type generators mint a new, numbered copy of the type.
  if (shapeOnly && '$ref' in node) return { $ref: `#/$defs/${nameOf(String((node as SchemaNode).$ref), doc)}` };
  for (const [k, v] of Object.entries(node)) {
    if (k === '$id' || k === '$schema' || k === '$defs') continue;
    if (shapeOnly && ruleKeywords.has(k)) continue;
    out[k] = k === '$ref' && typeof v === 'string' ? `#/$defs/${nameOf(v, doc)}` : rewrite(v, doc, shapeOnly);
  }
  return out;
}

/** @param shapeOnly drop cross-field rules (for type generation, where they only add noise). */
export function bundleSchemas({ shapeOnly = false } = {}): SchemaNode {
  const defs: Record<string, unknown> = {};
  for (const doc of schemaDocuments) {
    for (const [name, def] of Object.entries(doc.$defs ?? {})) defs[name] = rewrite(def, doc, shapeOnly);
    if (doc.properties) defs[doc.title ?? ''] = rewrite(doc, doc, shapeOnly);
  }
  return { $schema: 'https://json-schema.org/draft/2020-12/schema', title: 'CatalogSchemas', $defs: defs } as SchemaNode;
}
