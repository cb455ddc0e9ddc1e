// The OpenAPI 3 document of a data-sharing service, checked with an established validator
// (@apidevtools/swagger-parser: the OpenAPI 3.0/3.1 JSON Schema plus its own spec checks) on every
// save in the CMS and again at build, so that no service publishes a reference nobody can use.
import SwaggerParser from '@apidevtools/swagger-parser';
import type { FieldError } from './errors.ts';

/** The parts of an OpenAPI 3 document the portal reads (the validator vouches for the rest). */
export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description?: string };
  servers?: { url: string; description?: string }[];
  paths?: Record<string, Record<string, unknown>>;
  components?: Record<string, unknown>;
  tags?: { name: string; description?: string }[];
  [key: string]: unknown;
}

/** The document type the validator declares (from openapi-types, which the project does not import itself). */
type OpenApiInput = Awaited<ReturnType<typeof SwaggerParser.validate>>;

const field = 'openapi';

function error(code: string, vi: string, en: string): FieldError {
  return { field, code, message_vi: vi, message_en: en };
}

/** The validator's messages quote JSON Schema paths; one line each is enough for an editor. */
function firstLines(message: string, max = 5): string {
  const lines = message
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return lines.slice(0, max).join(' ') + (lines.length > max ? ` (+${lines.length - max})` : '');
}

/**
 * Problems of an OpenAPI document; [] when it is a valid OpenAPI 3 document. References to other
 * files or addresses are refused: the document must be whole, so the portal can render it offline
 * and a save never makes the CMS fetch anything.
 */
export async function openApiErrors(doc: unknown): Promise<FieldError[]> {
  if (doc === undefined || doc === null) return [];
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    return [error('invalid_type', 'Đặc tả OpenAPI phải là một đối tượng JSON.', 'The OpenAPI document must be a JSON object.')];
  }
  const version = (doc as Record<string, unknown>).openapi;
  if (typeof version !== 'string' || !/^3\.[01]\.\d+$/.test(version)) {
    return [
      error(
        'openapi_version',
        `Cần đặc tả OpenAPI 3.0 hoặc 3.1 (trường "openapi", vd. "3.0.3"); nhận được ${JSON.stringify(version ?? null)}.`,
        `Expected an OpenAPI 3.0 or 3.1 document ("openapi": "3.0.3" for example); got ${JSON.stringify(version ?? null)}.`,
      ),
    ];
  }
  const external = JSON.stringify(doc).match(/"\$ref":"(?!#)([^"]*)"/);
  if (external) {
    return [
      error(
        'openapi_external_ref',
        `Đặc tả phải đầy đủ trong một tài liệu: không tham chiếu tệp hay địa chỉ khác ($ref "${external[1]}").`,
        `The document must be self-contained: no reference to another file or address ($ref "${external[1]}").`,
      ),
    ];
  }
  try {
    // The validator dereferences in place: give it a copy.
    const options: SwaggerParser.Options = { resolve: { external: false } };
    await SwaggerParser.validate(structuredClone(doc) as OpenApiInput, options);
    return [];
  } catch (err) {
    const detail = firstLines((err as Error).message);
    return [error('openapi_invalid', `Đặc tả OpenAPI không hợp lệ: ${detail}`, `Invalid OpenAPI document: ${detail}`)];
  }
}

/** Operations of a (valid) document, in document order, for the reference page and examples. */
export const httpMethods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
