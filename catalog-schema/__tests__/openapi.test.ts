import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openApiErrors, type OpenApiDocument } from '../src/openapi.ts';
import { exampleRequest, exampleText, operationsOf } from '../../site/src/lib/openapi-view.ts';
import { loadSeed, seedDir } from '../../cms/src/seed-data.ts';

const openapiDir = path.join(seedDir, 'openapi');
const seeded = (id: string) => JSON.parse(readFileSync(path.join(openapiDir, `${id}.json`), 'utf8')) as OpenApiDocument;

describe('openApiErrors', () => {
  const files = readdirSync(openapiDir).filter((f) => f.endsWith('.json'));

  it('accepts every OpenAPI document of the seed', async () => {
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(await openApiErrors(seeded(path.basename(f, '.json'))), f).toEqual([]);
  }, 30_000);

  it('has one document for each public service of the seed, and none for a service that is not there', () => {
    // The portal publishes a document at /openapi/<id>.json for the public services (cms/seed/README.md).
    const services = loadSeed().DataService;
    expect(files.map((f) => path.basename(f, '.json')).sort()).toEqual(
      services
        .filter((s) => s.accessLevel === 'public')
        .map((s) => s.id)
        .sort(),
    );
    for (const s of services.filter((x) => x.accessLevel === 'public')) expect(s.openapi, s.id).toEqual(seeded(s.id));
  });

  it('rejects a document without info.version and with an empty responses object, naming both', async () => {
    const doc = { openapi: '3.0.3', info: { title: 'x' }, paths: { '/a': { get: { responses: {} } } } };
    const [err, ...rest] = await openApiErrors(doc);
    expect(rest).toEqual([]);
    expect(err).toMatchObject({ field: 'openapi', code: 'openapi_invalid' });
    expect(err?.message_vi).toMatch(/^Đặc tả OpenAPI không hợp lệ/);
    expect(err?.message_en).toContain("required property 'version'");
    expect(err?.message_en).toContain('/paths/~1a/get/responses');
  });

  it('rejects a reference to a missing component', async () => {
    const doc = structuredClone(seeded('api-wifi-cong-cong'));
    (doc.components!.schemas as Record<string, unknown>).Hotspot = { $ref: '#/components/schemas/Nowhere' };
    expect(await openApiErrors(doc)).toEqual([expect.objectContaining({ code: 'openapi_invalid' })]);
  });

  it('refuses Swagger 2.0 and unknown versions with the version it got', async () => {
    const [err] = await openApiErrors({ swagger: '2.0', info: { title: 'x', version: '1' }, paths: {} });
    expect(err).toMatchObject({ code: 'openapi_version' });
    expect(err?.message_vi).toContain('OpenAPI 3.0 hoặc 3.1');
    expect((await openApiErrors({ openapi: '4.0.0' }))[0]?.message_en).toContain('"4.0.0"');
  });

  it('refuses references to other files or addresses (the document must be whole)', async () => {
    const doc = structuredClone(seeded('api-wifi-cong-cong'));
    (doc.components!.schemas as Record<string, unknown>).Hotspot = { $ref: 'https://example.org/geojson.json#/Feature' };
    expect(await openApiErrors(doc)).toEqual([
      expect.objectContaining<Record<string, unknown>>({ code: 'openapi_external_ref', message_en: expect.stringContaining('https://example.org/geojson.json') }),
    ]);
  });

  it('does not change the document it checks', async () => {
    const doc = seeded('api-du-lieu-xe-buyt');
    const before = JSON.stringify(doc);
    await openApiErrors(doc);
    expect(JSON.stringify(doc)).toBe(before);
  });

  it('has nothing to say when a service has no document', async () => {
    expect(await openApiErrors(undefined)).toEqual([]);
  });
});

describe('operationsOf and exampleRequest (the reference page)', () => {
  const doc = seeded('api-du-lieu-xe-buyt');
  const ops = operationsOf(doc);

  it('lists every operation with its parameters and resolved responses', () => {
    expect(ops.map((o) => `${o.method} ${o.path}`)).toEqual(['GET /routes', 'GET /routes/{routeId}', 'GET /routes/{routeId}/trips', 'GET /stops', 'GET /gtfs/latest.zip', 'GET /health']);
    const stops = ops.find((o) => o.path === '/stops')!;
    expect(stops.parameters.filter((p) => p.required).map((p) => p.name)).toEqual(['lat', 'lon']);
    expect(stops.responses.find((r) => r.status === '429')?.description).toContain('Vượt hạn mức');
    expect(stops.secured).toBe(true);
    expect(ops.find((o) => o.path === '/health')?.secured).toBe(false);
  });

  it('builds a curl request with path and query examples and the API key header', () => {
    const trips = ops.find((o) => o.path === '/routes/{routeId}/trips')!;
    expect(exampleRequest(doc, trips, '<KHOA_API>', 'https://fallback')).toBe("curl 'https://api.buyttphcm.tphcm.gov.vn/v2/routes/19/trips?date=2026-12-01' \\\n  -H 'X-API-Key: <KHOA_API>'");
    const health = ops.find((o) => o.path === '/health')!;
    expect(exampleRequest(doc, health, '<KHOA_API>', 'https://fallback')).toBe("curl 'https://api.buyttphcm.tphcm.gov.vn/v2/health'");
  });

  it('writes an example object as JSON, not "[object Object]", and a list with commas', () => {
    expect(exampleText({ lat: 10.77, lon: 106.7 })).toBe('{"lat":10.77,"lon":106.7}');
    expect(exampleText(['19', 20, null])).toBe('19,20,');
    expect(exampleText(2026)).toBe('2026');
    expect(exampleText(false)).toBe('false');
    expect(exampleText('tuyến 19')).toBe('tuyến 19');
  });
});

describe('at build', () => {
  it('stops the build naming the service whose OpenAPI document is invalid', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { loadCatalog } = await import('../../pipeline/catalog-source.ts');
    const { writeSnapshot } = await import('../../domain/snapshot.ts');
    const { seedSnapshot } = await import('../../pipeline/__tests__/fixtures.ts');
    const dir = mkdtempSync(path.join(tmpdir(), 'odp-openapi-'));
    try {
      // No CMS: the build reads the last snapshot, and checks every service's document all the same.
      const file = path.join(dir, 'snapshot.json');
      const snapshot = seedSnapshot();
      writeSnapshot(file, snapshot);
      await expect(loadCatalog(undefined, file)).resolves.toMatchObject({ from: 'snapshot' });
      const wifi = snapshot.dataServices.find((s) => s.id === 'api-wifi-cong-cong')!;
      wifi.openapi = { openapi: '3.0.3', info: { title: 'Wi-Fi' }, paths: {} };
      writeSnapshot(file, snapshot);
      await expect(loadCatalog(undefined, file)).rejects.toThrow(/Fix the service's "openapi" field.*DataService api-wifi-cong-cong: Đặc tả OpenAPI không hợp lệ/s);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
