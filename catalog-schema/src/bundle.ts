// Folds every schema document into one with local references only ("#/$defs/Name"), for tools
// that want a single self-contained schema (type generation, documentation).
import { resolveRef, schemaDocuments, type SchemaNode } from './schemas.ts';

/** The bundled name a $ref points to, or undefined when it points into a property (see rewrite). */
function nameOf(ref: string, currentDoc: SchemaNode): string | undefined {
  const [file, pointer = ''] = ref.split('#');
  const parts = pointer.split('/').filter(Boolean);
  if (parts.length === 2 && parts[0] === '$defs') return parts[1];
  if (!pointer) {
    const doc = schemaDocuments.find((d) => (d.$id ?? '').endsWith(`/${file}`)) ?? currentDoc;
    return doc.title ?? '';
  }
  if (parts[0] === 'properties') return undefined;
  throw new Error(`Cannot bundle $ref ${ref}`);
}

// Cross-field rules: they constrain values, they add no shape.
const ruleKeywords = new Set(['anyOf', 'allOf', 'if', 'then', 'else']);

/** An allOf that starts from another schema extends it (a dataset with its distributions): that is shape, not a rule. */
function extendsSchema(k: string, v: unknown): boolean {
  return k === 'allOf' && Array.isArray(v) && typeof (v[0] as SchemaNode | undefined)?.$ref === 'string';
}

function rewrite(node: unknown, doc: SchemaNode, shapeOnly: boolean): unknown {
  if (Array.isArray(node)) return node.map((n) => rewrite(n, doc, shapeOnly));
  if (!node || typeof node !== 'object') return node;
  const { $ref, ...siblings } = node as SchemaNode;
  if (typeof $ref === 'string') {
    const name = nameOf($ref, doc);
    // A property of another entity (a public subset of its fields) has no name of its own: it is
    // copied in, so the bundle keeps local references only.
    if (name === undefined) {
      const target = resolveRef($ref, doc);
      const inlined = rewrite(target.node, target.doc, shapeOnly) as SchemaNode;
      return shapeOnly ? inlined : { ...inlined, ...(rewrite(siblings, doc, shapeOnly) as SchemaNode) };
    }
    // Keywords beside a $ref would make type generators mint a new, numbered copy of the type.
    if (shapeOnly) return { $ref: `#/$defs/${name}` };
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === '$id' || k === '$schema' || k === '$defs') continue;
    if (shapeOnly && ruleKeywords.has(k) && !extendsSchema(k, v)) continue;
    out[k] = k === '$ref' && typeof v === 'string' ? `#/$defs/${nameOf(v, doc) ?? ''}` : rewrite(v, doc, shapeOnly);
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
