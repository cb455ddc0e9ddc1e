// Dataset page enhancements: copy buttons, and previews of the portal's CSV, JSON and XLSX files with
// a sortable table and a chart (chart.js) that always comes with its data table. The parsers and
// chart.js are loaded only when someone asks for a preview.
import type { Cell, Table } from '../../../domain/tabular.ts';

// The table code (and papaparse) is loaded with the first preview.
let tab: typeof import('../../../domain/tabular.ts');
const isEmpty = (v: Cell) => tab.isEmpty(v);

type Text = Record<string, string>;
const MAX_BYTES = 20e6;
const PREVIEW_ROWS = 100;
/** A CSV preview reads only the start of the file. */
const CSV_HEAD_BYTES = 256 * 1024;

const fill = (s: string, p: Record<string, string | number>) => s.replace(/\{(\w+)\}/g, (m, k: string) => (k in p ? String(p[k]) : m));

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

// ——— copy buttons ———
async function copy(b: HTMLButtonElement): Promise<void> {
  const target = document.getElementById(b.dataset.odpCopy ?? '');
  if (!target) return;
  await navigator.clipboard.writeText(target.textContent ?? '');
  const label = b.firstChild?.textContent ?? '';
  const done = JSON.parse(document.getElementById('odp-client-text')?.textContent ?? '{}') as Text;
  if (b.firstChild) b.firstChild.textContent = done.copied ?? '✓';
  setTimeout(() => b.firstChild && (b.firstChild.textContent = label), 2000);
}
for (const b of document.querySelectorAll<HTMLButtonElement>('[data-odp-copy]')) {
  if (!navigator.clipboard) continue;
  b.hidden = false;
  // Not awaited: a refused clipboard write leaves the button as it was, and the browser reports it in its console.
  b.addEventListener('click', () => void copy(b));
}

// ——— previews ———
const section = document.querySelector<HTMLElement>('[data-odp-preview]');
if (section) {
  const tx = JSON.parse(document.getElementById('odp-client-text')?.textContent ?? '{}') as Text;
  const status = section.querySelector<HTMLElement>('.odp-preview__status')!;
  const out = section.querySelector<HTMLElement>('.odp-preview__out')!;
  section.querySelector<HTMLElement>('[data-odp-noscript]')?.remove();
  for (const b of section.querySelectorAll<HTMLButtonElement>('button[data-url]')) {
    b.hidden = false;
    b.addEventListener('click', () => void preview(b));
  }

  async function load(url: string, format: string, size: number): Promise<Table> {
    if (size > MAX_BYTES && format !== 'csv') throw new Error(fill(tx.tooLarge!, { size: `${Math.round(size / 1e6)} MB` }));
    let res: Response;
    try {
      res = await fetch(url, format === 'csv' ? { headers: { Range: `bytes=0-${CSV_HEAD_BYTES - 1}` } } : {});
    } catch (err) {
      throw new Error(fill(tx.unreachable!, { reason: (err as Error).message }));
    }
    if (!res.ok) throw new Error(fill(tx.unreachable!, { reason: `HTTP ${res.status}` }));
    if (format === 'csv') {
      const bytes = new Uint8Array(await res.arrayBuffer());
      const partial = res.status === 206 || bytes.length >= CSV_HEAD_BYTES;
      // Cut at the last full line (and never inside a UTF-8 character) when only the head was read.
      const text = new TextDecoder('utf-8', { fatal: !partial }).decode(bytes);
      const table = tab.parseCsv(partial ? text.slice(0, text.lastIndexOf('\n') + 1) : text, PREVIEW_ROWS);
      return { ...table, truncated: table.truncated || partial };
    }
    if (format === 'json') {
      return tab.tableFromJson(JSON.parse(tab.decodeUtf8(new Uint8Array(await res.arrayBuffer()))), PREVIEW_ROWS);
    }
    if (format === 'xlsx') {
      const { readSheet } = await import('read-excel-file/browser');
      return tab.tableFromRows(await readSheet(await res.blob()), PREVIEW_ROWS);
    }
    throw new Error(tx.unsupported);
  }

  async function preview(button: HTMLButtonElement) {
    const { url = '', format = '', title = '', size = '0' } = button.dataset;
    out.replaceChildren();
    status.textContent = tx.loading ?? '';
    try {
      tab ??= await import('../../../domain/tabular.ts');
      const table = await load(url, format, Number(size) || 0);
      status.textContent = fill(tx.shown!, { shown: table.rows.length, more: table.truncated ? tx.more! : '' });
      out.append(renderTable(table, fill(tx.caption!, { title })), renderChartControls(table, title));
    } catch (err) {
      status.textContent = fill(tx.failed!, { reason: (err as Error).message });
    }
  }

  function columnTypes(t: Table): string[] {
    return t.columns.map((_, i) => {
      const types = t.rows.map((r) => tab.valueType(r[i] ?? null)).filter((x) => x !== 'empty');
      const numeric = types.length > 0 && types.every((x) => x === 'integer' || x === 'number');
      return numeric ? 'number' : types.every((x) => x === 'date' || x === 'datetime') && types.length ? 'date' : 'text';
    });
  }

  function renderTable(t: Table, caption: string): HTMLElement {
    const wrap = el('div', { class: 'odp-table-wrap' });
    const table = el('table', { class: 'odp-table odp-table--compact' });
    table.append(el('caption', {}, caption));
    const types = columnTypes(t);
    const head = el('tr');
    const body = el('tbody');
    let rows = t.rows;
    const draw = () =>
      body.replaceChildren(
        ...rows.map((r) => {
          const tr = el('tr');
          r.forEach((v, i) => tr.append(el('td', types[i] === 'number' ? { class: 'odp-num' } : {}, isEmpty(v) ? '' : String(v))));
          return tr;
        }),
      );
    t.columns.forEach((c, i) => {
      const th = el('th', { scope: 'col', 'aria-sort': 'none' });
      const b = el('button', { type: 'button', class: 'odp-sort-button' }, c);
      b.append(el('span', { class: 'odp-sort-button__type' }, ` ${tx[`type_${types[i]}`] ?? types[i]}`));
      b.addEventListener('click', () => {
        const asc = th.getAttribute('aria-sort') !== 'ascending';
        for (const other of head.querySelectorAll('th')) other.setAttribute('aria-sort', 'none');
        th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
        rows = tab.sortRows(t.rows, i, asc ? 1 : -1);
        draw();
      });
      th.append(b);
      head.append(th);
    });
    draw();
    table.append(el('thead'), body);
    table.querySelector('thead')!.append(head);
    wrap.append(table);
    return wrap;
  }

  function renderChartControls(t: Table, title: string): HTMLElement {
    const box = el('div', { class: 'odp-chart' });
    box.append(el('h3', {}, `${tx.chart}: ${title}`));
    const types = columnTypes(t);
    const numeric = t.columns.map((c, i) => ({ c, i })).filter(({ i }) => types[i] === 'number');
    if (!numeric.length) {
      box.append(el('p', {}, tx.chartNone));
      return box;
    }
    const labelCol = types.indexOf('date') >= 0 ? types.indexOf('date') : types.indexOf('text') >= 0 ? types.indexOf('text') : 0;
    const form = el('form', { class: 'odp-chart__form' });
    const pick = (name: string, label: string, options: { c: string; i: number }[], selected: number) => {
      const id = `odp-chart-${name}`;
      const p = el('p');
      const select = el('select', { id, name });
      for (const o of options) {
        const opt = el('option', { value: String(o.i) }, o.c);
        if (o.i === selected) opt.selected = true;
        select.append(opt);
      }
      p.append(el('label', { for: id }, label), ' ', select);
      form.append(p);
      return select;
    };
    const x = pick(
      'x',
      tx.chartX!,
      t.columns.map((c, i) => ({ c, i })),
      labelCol,
    );
    const y = pick('y', tx.chartY!, numeric, numeric[0]!.i);
    form.append(el('button', { type: 'submit', class: 'odp-button odp-button--small' }, tx.chartDraw));
    const canvasWrap = el('div', { class: 'odp-chart__canvas' });
    const dataTable = el('details');
    box.append(form, canvasWrap, dataTable);
    let chart: { destroy(): void } | undefined;
    const draw = async () => {
      const xi = Number(x.value);
      const yi = Number(y.value);
      const points = t.rows.filter((r) => !isEmpty(r[yi] ?? null) && !Number.isNaN(Number(r[yi]))).map((r) => ({ label: String(r[xi] ?? ''), value: Number(r[yi]) }));
      const { Chart } = await import('chart.js/auto');
      chart?.destroy();
      const canvas = el('canvas', { role: 'img', 'aria-label': fill(tx.chartLabel!, { x: t.columns[xi]!, y: t.columns[yi]! }) });
      canvasWrap.replaceChildren(canvas);
      // Dates on the horizontal axis read as a line; anything else as bars. Patterns and labels, not colour alone, tell series apart.
      chart = new Chart(canvas, {
        type: types[xi] === 'date' ? 'line' : 'bar',
        data: {
          labels: points.map((p) => p.label),
          datasets: [{ label: t.columns[yi]!, data: points.map((p) => p.value), borderColor: '#0b4f9c', backgroundColor: 'rgba(11, 79, 156, 0.55)', pointStyle: 'rectRot', borderWidth: 2 }],
        },
        options: { animation: false, responsive: true, plugins: { legend: { display: true } }, locale: tx.lang === 'en' ? 'en-GB' : 'vi-VN' },
      });
      const cells: Cell[][] = points.map((p) => [p.label, p.value]);
      dataTable.replaceChildren(el('summary', {}, tx.chartTable), renderTable({ columns: [t.columns[xi]!, t.columns[yi]!], rows: cells, truncated: false }, `${tx.chartTable}: ${t.columns[yi]}`));
    };
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void draw();
    });
    void draw();
    return box;
  }
}
