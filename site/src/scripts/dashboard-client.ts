// Draws a chart from each dashboard table (the table stays: it is the chart's text alternative).
// chart.js is loaded only when this page runs.
interface Text {
  chartOf: string;
}

async function draw(): Promise<void> {
  const sections = [...document.querySelectorAll<HTMLElement>('[data-odp-chart]')];
  if (!sections.length) return;
  const tx = JSON.parse(document.getElementById('odp-dashboard-text')?.textContent ?? '{}') as Text;
  const { Chart } = await import('chart.js/auto');
  // Series told apart by pattern-free but high-contrast colours and by the legend and table; the
  // numbers are always in the table beside the chart, never in colour alone.
  const colours = ['#1d5fa8', '#b3261e', '#2e7d32', '#6a3d9a', '#b35c00', '#00695c', '#455a64'];
  for (const s of sections) {
    const table = s.querySelector('table');
    const box = s.querySelector<HTMLElement>('[data-odp-chart-box]');
    if (!table || !box) continue;
    const heads = [...table.querySelectorAll('thead th')].map((th) => th.textContent?.trim() ?? '');
    const rows = [...table.querySelectorAll('tbody tr')];
    const labels = rows.map((r) => r.querySelector('th')?.textContent?.trim() ?? '');
    const series = heads.slice(1).map((name, i) => ({
      label: name,
      // A cell without a value (not applicable) is a gap, not a zero.
      data: rows.map((r) => {
        const v = r.querySelectorAll('td')[i]?.getAttribute('data-value');
        return v === null || v === undefined || v === '' ? null : Number(v);
      }),
      backgroundColor: colours[i % colours.length],
      borderColor: colours[i % colours.length],
    }));
    const line = s.dataset.odpChart === 'line';
    const title = s.querySelector('h2')?.textContent ?? '';
    const canvas = document.createElement('canvas');
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', tx.chartOf.replace('{title}', title));
    const wrap = document.createElement('div');
    wrap.className = 'odp-dash__canvas';
    wrap.style.height = line ? '18rem' : `${Math.max(12, labels.length * (1.6 + 0.6 * (series.length - 1)) + 4)}rem`;
    wrap.append(canvas);
    box.append(wrap);
    const stacked = s.dataset.odpChart === 'stacked';
    if (line) {
      new Chart(canvas, { type: 'line', data: { labels, datasets: series }, options: { maintainAspectRatio: false, responsive: true, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } } });
      continue;
    }
    new Chart(canvas, {
      type: 'bar',
      data: { labels, datasets: series },
      options: {
        indexAxis: 'y',
        maintainAspectRatio: false,
        responsive: true,
        plugins: { legend: { display: series.length > 1 } },
        scales: { x: { stacked, beginAtZero: true, ticks: { precision: 0 } }, y: { stacked } },
      },
    });
  }
}

void draw();
