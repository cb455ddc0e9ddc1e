// The OpenAPI 3 description of one distribution's Data API (/api/data/<dataset>/<distribution>),
// made from its columns and the dataset's data dictionary: each column's filters as parameters, a
// record schema with the dictionary's titles and units, the limits.
import type { DataField } from '../catalog-schema/generated/types.ts';
import { aggregateFns, filterOps, MAX_DOWNLOAD_ROWS, MAX_PAGE_ROWS, outputFormats, type DataColumn, type DataColumnType } from './data-query.ts';

const schemaOf: Record<DataColumnType, Record<string, unknown>> = {
  integer: { type: 'integer' },
  number: { type: 'number' },
  boolean: { type: 'boolean' },
  date: { type: 'string', format: 'date' },
  datetime: { type: 'string', format: 'date-time' },
  string: { type: 'string' },
};

export interface DataOpenApiInput {
  dataset: string;
  distribution: string;
  title: string;
  description?: string;
  columns: readonly DataColumn[];
  dictionary?: readonly DataField[];
  /** The portal's address, e.g. https://data.example.gov.vn */
  base: string;
}

export function dataOpenApi(o: DataOpenApiInput): Record<string, unknown> {
  const byName = new Map((o.dictionary ?? []).map((f) => [f.name, f]));
  const described = (c: DataColumn) => {
    const f = byName.get(c.name);
    const parts = [f?.title.vi, f?.title.en, f?.unit ? `(${f.unit})` : undefined].filter(Boolean);
    return { ...schemaOf[c.type], nullable: true, ...(parts.length ? { description: parts.join(' / ') } : {}) };
  };
  const filterParams = o.columns.flatMap((c) =>
    filterOps
      .filter((op) => (op === 'contains' ? c.type === 'string' : true))
      .map((op) => ({
        name: op === 'eq' ? c.name : `${c.name}.${op}`,
        in: 'query',
        required: false,
        description:
          op === 'contains'
            ? `Cột ${c.name} chứa các từ này (không phân biệt dấu, hoa thường) / ${c.name} contains these words (diacritics and case ignored)`
            : op === 'in'
              ? `Cột ${c.name} là một trong các giá trị, cách nhau bởi | / ${c.name} is one of these values, separated by |`
              : `Lọc ${c.name} (${op}) / Filter on ${c.name} (${op})`,
        schema: op === 'in' || op === 'contains' ? { type: 'string' } : schemaOf[c.type],
      })),
  );
  const names = o.columns.map((c) => c.name);
  const path = `/api/data/${o.dataset}/${o.distribution}`;
  return {
    openapi: '3.0.3',
    info: { title: o.title, description: o.description ?? '', version: '1' },
    servers: [{ url: o.base.replace(/\/+$/, '') }],
    paths: {
      [path]: {
        get: {
          summary: 'Truy vấn các dòng của tệp / Query the rows of the file',
          operationId: 'query',
          parameters: [
            { name: 'select', in: 'query', description: 'Các cột, cách nhau bởi dấu phẩy / Columns, comma-separated', schema: { type: 'string' }, example: names.slice(0, 3).join(',') },
            { name: 'q', in: 'query', description: 'Tìm trong mọi cột chữ (không phân biệt dấu) / Search every text column (diacritics ignored)', schema: { type: 'string' } },
            { name: 'sort', in: 'query', description: 'Cột sắp xếp, `-` để giảm dần: `a,-b` / Sort columns, `-` for descending', schema: { type: 'string' } },
            { name: 'group_by', in: 'query', description: 'Nhóm theo tối đa 3 cột / Group by up to 3 columns', schema: { type: 'string' } },
            { name: 'aggregate', in: 'query', description: `Phép tổng hợp / Aggregates: ${aggregateFns.join(', ')}, e.g. \`count,sum:<col>\``, schema: { type: 'string' } },
            {
              name: 'limit',
              in: 'query',
              description: `Số dòng (JSON tối đa ${MAX_PAGE_ROWS}, tải về tối đa ${MAX_DOWNLOAD_ROWS}) / Rows (JSON at most ${MAX_PAGE_ROWS}, downloads ${MAX_DOWNLOAD_ROWS})`,
              schema: { type: 'integer', minimum: 0, default: 100 },
            },
            { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0, default: 0 } },
            { name: 'cursor', in: 'query', description: 'Con trỏ trang sau (trường `next`) / The next page cursor (field `next`)', schema: { type: 'string' } },
            { name: 'format', in: 'query', schema: { type: 'string', enum: [...outputFormats], default: 'json' } },
            { name: 'total', in: 'query', description: '`false`: không đếm tổng / do not count the total', schema: { type: 'boolean', default: true } },
            ...filterParams,
          ],
          responses: {
            '200': {
              description: 'Các dòng / The rows',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: {
                      columns: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, type: { type: 'string' } } } },
                      rows: { type: 'array', items: { type: 'object', properties: Object.fromEntries(o.columns.map((c) => [c.name, described(c)])) } },
                      total: { type: 'integer' },
                      next: { type: 'string', nullable: true },
                    },
                  },
                },
                'text/csv': { schema: { type: 'string' } },
                'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } },
                'application/vnd.apache.parquet': { schema: { type: 'string', format: 'binary' } },
              },
            },
            '400': { description: 'Tham số không hợp lệ / Invalid parameters' },
            '403': { description: 'Dữ liệu không mở / Not open data' },
            '404': { description: 'Không có / Not found' },
            '429': { description: 'Quá nhiều yêu cầu / Too many requests' },
          },
        },
      },
    },
  };
}
