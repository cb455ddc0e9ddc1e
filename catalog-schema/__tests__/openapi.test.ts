import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openApiErrors, type OpenApiDocument } from '../src/openapi.ts';
import { exampleRequest, operationsOf } from '../../site/src/lib/openapi-view.ts';

const seeded = (id: string) => JSON.parse(readFileSync(new URL(`../../cms/seed/openapi/${id}.json`, import.meta.url), 'utf8')) as OpenApiDocument;

describe('openApiErrors', () => {
  it('accepts every seeded OpenAPI document', async () => {
    for (const id of ['api-du-lieu-xe-buyt', 'api-chat-luong-moi-truong', 'api-co-so-y-te', 'api-du-lieu-du-lich', 'api-danh-muc-dung-chung', 'api-truong-hoc', 'api-wifi-cong-cong']) {
      expect(await openApiErrors(seeded(id)), id).toEqual([]);
    }
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
    expect(await openApiErrors(doc)).toEqual([expect.objectContaining({ code: 'openapi_external_ref', message_en: expect.stringContaining('https://example.org/geojson.json') })]);
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
    expect(exampleRequest(doc, trips, '<KHOA_API>', 'https://fallback')).toBe(
      "curl 'https://api.buyttphcm.tphcm.gov.vn/v2/routes/19/trips?date=2026-12-01' \\\n  -H 'X-API-Key: <KHOA_API>'",
    );
    const health = ops.find((o) => o.path === '/health')!;
    expect(exampleRequest(doc, health, '<KHOA_API>', 'https://fallback')).toBe("curl 'https://api.buyttphcm.tphcm.gov.vn/v2/health'");
  });
});

describe('at build', () => {
  it('stops the build naming the service whose OpenAPI document is invalid', async () => {
    const { checkServiceDocuments } = await import('../../pipeline/catalog-source.ts');
    const { seedSnapshot } = await import('../../pipeline/__tests__/fixtures.ts');
    const snapshot = seedSnapshot();
    await expect(checkServiceDocuments(snapshot)).resolves.toBeUndefined();
    const wifi = snapshot.dataServices.find((s) => s.id === 'api-wifi-cong-cong')!;
    wifi.openapi = { openapi: '3.0.3', info: { title: 'Wi-Fi' }, paths: {} };
    await expect(checkServiceDocuments(snapshot)).rejects.toThrow(/Fix the service's "openapi" field.*DataService api-wifi-cong-cong: Đặc tả OpenAPI không hợp lệ/s);
  });
});
