// The example records under catalog-schema/examples/, shared as fixtures by every test layer.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isEntityName, type EntityName } from './schemas.ts';

export const examplesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'examples');

export interface Example {
  file: string;
  entity: EntityName;
  record: Record<string, unknown>;
  /** For invalid examples: the errors the record must produce (at least these). */
  expect: { field: string; code: string }[];
}

export function loadExamples(kind: 'valid' | 'invalid'): Example[] {
  const dir = path.join(examplesDir, kind);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const raw = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Partial<Omit<Example, 'entity'>> & { entity: string };
      if (!isEntityName(raw.entity)) throw new Error(`${kind}/${file}: unknown entity ${raw.entity}`);
      return { file, entity: raw.entity, record: raw.record ?? {}, expect: raw.expect ?? [] };
    });
}

export function example(kind: 'valid' | 'invalid', file: string): Example {
  const found = loadExamples(kind).find((e) => e.file === file || e.file === `${file}.json`);
  if (!found) throw new Error(`No example ${kind}/${file}`);
  return structuredClone(found);
}

/**
 * A new open dataset of `agency`, submitted for review, made from the full valid example without its
 * files and with a fresh id (`<prefix>-<random>`): what the publish-to-live tests and benchmark
 * have a reviewer publish.
 */
export function submittedDataset(prefix: string, title: string, agency = 'so-khcn'): Record<string, unknown> & { id: string } {
  const { distribution: _files, ...rest } = example('valid', 'dataset-open-full').record;
  const id = `${prefix}-${randomBytes(4).toString('hex')}`;
  return {
    ...rest,
    id,
    identifier: id,
    title: { vi: title, en: title },
    publisher: agency,
    owningAgency: agency,
    contactPoint: [],
    updateResponsibility: [agency],
    dataConfirmedBy: agency,
    status: 'submitted',
  };
}
