// Dataset page enhancements: copy buttons, and previews of the portal's CSV, JSON and XLSX files with
// a chart (chart.js) that always comes with its data table. A file the Data API has loaded is
// previewed through it: the whole file searched, sorted and paged, downloads of the same rows, a
// chart of a grouped query. Any other file (not loaded yet) is previewed from its first rows, read in
// the browser. The parsers and chart.js are loaded only when they are needed.
import { aggregateName, type Aggregate, type DataColumn, type DataColumnType } from '../../../domain/data-query.ts';
import type { Cell, Table } from '../../../domain/tabular.ts';
import {
  aggregateChoices,
  aggregateParam,
  ariaSort,
  chartChoice,
  chartKind,
  chartParams,
  DOWNLOAD_FORMATS,
  downloadParams,
  emptyView,
  PAGE_ROWS,
  pageInfo,
  rowsParams,
  toggleSort,
  type RowsView,
} from '../lib/data-view.ts';

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

/** A labelled choice of the chart form (what to group by, what to show), appended to `form`. */
function chartSelect(form: HTMLFormElement, name: string, label: string, options: { value: string; label: string }[], selected: string): HTMLSelectElement {
  const id = `odp-chart-${name}`;
  const p = el('p');
  const select = el('select', { id, name });
  for (const o of options) {
    const opt = el('option', { value: o.value }, o.label);
    if (o.value === selected) opt.selected = true;
    select.append(opt);
  }
  p.append(el('label', { for: id }, label), ' ', select);
  form.append(p);
  return select;
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
/** The data dictionary's column titles in the page's language, by column name. */
const labels = JSON.parse(section?.dataset.odpLabels ?? '{}') as Record<string, string>;
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
    const { url = '', format = '', title = '', size = '0', api = '', distinct = '{}' } = button.dataset;
    out.replaceChildren();
    status.textContent = tx.loading ?? '';
    let fallback: HTMLElement | undefined;
    if (api) {
      const view = emptyView(PAGE_ROWS);
      try {
        const first = await apiGet(api, rowsParams(view));
        apiPreview(api, first, view, title, JSON.parse(distinct) as Record<string, number>);
        return;
      } catch (err) {
        // Not loaded yet (404), or the engine is down: the first rows of the file, read here, and why.
        console.warn('[preview] data API:', (err as Error).message);
        fallback = el('p', { class: 'odp-notice' }, fill(tx.apiFallback!, { reason: (err as Error).message }));
      }
    }
    try {
      tab ??= await import('../../../domain/tabular.ts');
      const table = await load(url, format, Number(size) || 0);
      status.textContent = fill(tx.shown!, { shown: table.rows.length, more: table.truncated ? tx.more! : '' });
      if (fallback) out.append(fallback);
      out.append(renderTable(table, fill(tx.caption!, { title })), renderChartControls(table, title));
    } catch (err) {
      status.textContent = fill(tx.failed!, { reason: (err as Error).message });
    }
  }

  // ——— previews through the Data API ———

  interface ApiAnswer {
    success: boolean;
    columns: DataColumn[];
    rows: Record<string, Cell>[];
    total?: number;
  }

  async function apiGet(api: string, params: URLSearchParams): Promise<ApiAnswer> {
    let res: Response;
    try {
      res = await fetch(`${api}?${params.toString()}`, { headers: { Accept: 'application/json' } });
    } catch (err) {
      throw new Error(fill(tx.unreachable!, { reason: (err as Error).message }));
    }
    const body = (await res.json().catch(() => undefined)) as ApiAnswer | undefined;
    if (!res.ok || !body?.success) throw new Error(`HTTP ${res.status}`);
    return body;
  }

  const locale = tx.lang === 'en' ? 'en-GB' : 'vi-VN';
  const num = (n: number) => n.toLocaleString(locale);
  const cellText = (v: Cell | undefined) => (v === null || v === undefined ? '' : String(v));
  const typeKey = (t: DataColumnType) => (t === 'integer' || t === 'number' ? 'number' : t === 'date' || t === 'datetime' ? 'date' : 'text');

  /** The preview of a loaded file: search, sort by heading, pages, downloads of the same rows, and a chart of a grouped query. */
  function apiPreview(api: string, first: ApiAnswer, start: RowsView, title: string, distinct: Record<string, number>): void {
    let view = start;
    const columns = first.columns;
    // Search box: "contains" over every text column, diacritics ignored, as the API's q.
    const search = el('form', { class: 'odp-preview__search', role: 'search', 'aria-label': tx.searchLabel! });
    const input = el('input', { type: 'search', id: 'odp-preview-q', name: 'q', maxlength: '500', autocomplete: 'off' });
    search.append(el('label', { for: 'odp-preview-q' }, tx.search), ' ', input, ' ', el('button', { type: 'submit', class: 'odp-button odp-button--small' }, tx.searchButton));

    const wrap = el('div', { class: 'odp-table-wrap' });
    const table = el('table', { class: 'odp-table odp-table--compact' });
    const head = el('tr');
    const body = el('tbody');
    const headings = columns.map((c) => {
      const th = el('th', { scope: 'col', 'aria-sort': 'none' });
      // The dictionary's title for the reader; the column's own name (what the API takes) beneath it.
      const b = el('button', { type: 'button', class: 'odp-sort-button' }, labels[c.name] || c.name);
      b.append(el('span', { class: 'odp-sort-button__type' }, ` ${labels[c.name] ? c.name : (tx[`type_${typeKey(c.type)}`] ?? c.type)}`));
      b.addEventListener('click', () => void show({ ...view, sort: toggleSort(view, c.name), offset: 0 }));
      th.append(b);
      head.append(th);
      return th;
    });
    const thead = el('thead');
    thead.append(head);
    table.append(el('caption', {}, fill(tx.caption!, { title })), thead, body);
    wrap.append(table);

    const pager = el('nav', { class: 'odp-pager', 'aria-label': tx.pager! });
    const prev = el('button', { type: 'button', class: 'odp-button odp-button--small odp-button--secondary' }, tx.prev);
    const next = el('button', { type: 'button', class: 'odp-button odp-button--small odp-button--secondary' }, tx.next);
    pager.append(prev, ' ', next);

    const downloads = el('p', { class: 'odp-preview__downloads' }, `${tx.download} `);
    const links = DOWNLOAD_FORMATS.map((f) => {
      const a = el('a', { class: 'odp-button odp-button--small odp-button--secondary', download: '' }, f.toUpperCase());
      a.append(el('span', { class: 'odp-visually-hidden' }, `: ${title}`));
      downloads.append(a, ' ');
      return { f, a };
    });
    downloads.append(el('span', { class: 'odp-muted' }, tx.downloadNote));

    const chart = apiChart(api, columns, distinct, title, () => view);
    out.append(search, wrap, pager, downloads, chart.box);

    let asked = 0;
    const render = (answer: ApiAnswer, v: RowsView) => {
      view = v;
      body.replaceChildren(
        ...answer.rows.map((r) => {
          const tr = el('tr');
          for (const c of columns) tr.append(el('td', c.type === 'integer' || c.type === 'number' ? { class: 'odp-num' } : {}, cellText(r[c.name])));
          return tr;
        }),
      );
      columns.forEach((c, i) => headings[i]!.setAttribute('aria-sort', ariaSort(view, c.name)));
      const page = pageInfo(view, answer.rows.length, answer.total ?? answer.rows.length);
      status.textContent = page.total === 0 ? tx.apiNone! : fill(tx.apiShown!, { from: num(page.from), to: num(page.to), total: num(page.total) });
      // A button that goes away keeps no focus: it moves to the other one.
      const focused = document.activeElement;
      prev.disabled = page.prevOffset === undefined;
      next.disabled = page.nextOffset === undefined;
      if (focused === prev && prev.disabled && !next.disabled) next.focus();
      if (focused === next && next.disabled && !prev.disabled) prev.focus();
      prev.onclick = () => page.prevOffset !== undefined && void show({ ...view, offset: page.prevOffset });
      next.onclick = () => page.nextOffset !== undefined && void show({ ...view, offset: page.nextOffset });
      downloads.hidden = page.total === 0;
      for (const { f, a } of links) a.href = `${api}?${downloadParams(view, f).toString()}`;
    };
    const show = async (v: RowsView) => {
      const mine = ++asked;
      status.textContent = tx.loading ?? '';
      try {
        const answer = await apiGet(api, rowsParams(v));
        // An older answer arriving after a newer question is dropped.
        if (mine === asked) render(answer, v);
      } catch (err) {
        if (mine === asked) status.textContent = fill(tx.failed!, { reason: (err as Error).message });
      }
    };
    search.addEventListener('submit', (e) => {
      e.preventDefault();
      const q = input.value.trim();
      if (q === view.q) return;
      void show({ ...view, q, offset: 0 }).then(() => chart.draw());
    });
    render(first, view);
  }

  /** The chart of a grouped query over the rows the preview's search matches, with its figures as a table. */
  function apiChart(api: string, columns: DataColumn[], distinct: Record<string, number>, title: string, viewNow: () => RowsView): { box: HTMLElement; draw: () => Promise<void> } {
    const box = el('div', { class: 'odp-chart' });
    box.append(el('h3', {}, `${tx.chart}: ${title}`));
    const choice = chartChoice(columns.map((c) => ({ ...c, ...(distinct[c.name] === undefined ? {} : { distinct: distinct[c.name] }) })));
    if (!choice) {
      box.append(el('p', {}, tx.chartNone));
      return { box, draw: () => Promise.resolve() };
    }
    const aggregates = aggregateChoices(columns);
    const named = (column: string) => labels[column] || column;
    const aggLabel = (a: Aggregate) => (a.column === undefined ? tx.agg_count! : fill(tx[`agg_${a.fn}`] ?? a.fn, { column: named(a.column) }));
    const form = el('form', { class: 'odp-chart__form' });
    const pick = (name: string, label: string, options: { value: string; label: string }[], selected: string) => chartSelect(form, name, label, options, selected);
    const x = pick(
      'x',
      tx.chartGroup!,
      columns.map((c) => ({ value: c.name, label: named(c.name) })),
      choice.group,
    );
    const y = pick(
      'y',
      tx.chartY!,
      aggregates.map((a) => ({ value: aggregateParam(a), label: aggLabel(a) })),
      aggregateParam(choice.aggregate),
    );
    form.append(el('button', { type: 'submit', class: 'odp-button odp-button--small' }, tx.chartDraw));
    const note = el('p', { class: 'odp-muted' }, tx.chartFiltered);
    const canvasWrap = el('div', { class: 'odp-chart__canvas' });
    const dataTable = el('details');
    box.append(form, note, canvasWrap, dataTable);
    let chart: { destroy(): void } | undefined;
    const draw = async () => {
      const aggregate = aggregates.find((a) => aggregateParam(a) === y.value) ?? choice.aggregate;
      const group = columns.find((c) => c.name === x.value) ?? columns[0]!;
      const yName = aggregateName(aggregate);
      const yLabel = aggLabel(aggregate);
      let answer: ApiAnswer;
      try {
        answer = await apiGet(api, chartParams(viewNow(), { group: group.name, aggregate }, group.type));
      } catch (err) {
        note.textContent = fill(tx.failed!, { reason: (err as Error).message });
        return;
      }
      const points = answer.rows.filter((r) => r[yName] !== null && r[yName] !== undefined).map((r) => ({ label: cellText(r[group.name]), value: Number(r[yName]) }));
      const total = answer.total ?? points.length;
      note.textContent = total > answer.rows.length ? `${tx.chartFiltered} ${fill(tx.chartGroups!, { shown: num(answer.rows.length), total: num(total) })}` : tx.chartFiltered!;
      const { Chart } = await import('chart.js/auto');
      chart?.destroy();
      const canvas = el('canvas', { role: 'img', 'aria-label': fill(tx.chartLabel!, { x: named(group.name), y: yLabel }) });
      canvasWrap.replaceChildren(canvas);
      // Patterns and labels, not colour alone, tell series apart.
      chart = new Chart(canvas, {
        type: chartKind(group.type),
        data: {
          labels: points.map((p) => p.label),
          datasets: [{ label: yLabel, data: points.map((p) => p.value), borderColor: '#0b4f9c', backgroundColor: 'rgba(11, 79, 156, 0.55)', pointStyle: 'rectRot', borderWidth: 2 }],
        },
        options: { animation: false, responsive: true, plugins: { legend: { display: true } }, locale },
      });
      const figures = el('table', { class: 'odp-table odp-table--compact' });
      const headRow = el('tr');
      headRow.append(el('th', { scope: 'col' }, named(group.name)), el('th', { scope: 'col' }, yLabel));
      const rows = el('tbody');
      for (const p of points) {
        const tr = el('tr');
        tr.append(el('th', { scope: 'row' }, p.label), el('td', { class: 'odp-num' }, num(p.value)));
        rows.append(tr);
      }
      const thead = el('thead');
      thead.append(headRow);
      figures.append(el('caption', {}, `${tx.chartTable}: ${yLabel}`), thead, rows);
      const figuresWrap = el('div', { class: 'odp-table-wrap' });
      figuresWrap.append(figures);
      dataTable.replaceChildren(el('summary', {}, tx.chartTable), figuresWrap);
    };
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void draw();
    });
    void draw();
    return { box, draw };
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
      const b = el('button', { type: 'button', class: 'odp-sort-button' }, labels[c] || c);
      b.append(el('span', { class: 'odp-sort-button__type' }, ` ${labels[c] ? c : (tx[`type_${types[i]}`] ?? types[i])}`));
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
    const pick = (name: string, label: string, options: { c: string; i: number }[], selected: number) =>
      chartSelect(
        form,
        name,
        label,
        options.map((o) => ({ value: String(o.i), label: o.c })),
        String(selected),
      );
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
      const canvas = el('canvas', { role: 'img', 'aria-label': fill(tx.chartLabel!, { x: labels[t.columns[xi]!] || t.columns[xi]!, y: labels[t.columns[yi]!] || t.columns[yi]! }) });
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
