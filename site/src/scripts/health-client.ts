// Progressive enhancement of the status figures: when the site is served beside a running health
// monitor, /status/health.json holds checks newer than the build. Without it (or without
// JavaScript) the figures of the build stay.
interface LiveService {
  availability24h?: number;
  availability30d?: number;
  last?: { time: string; ok: boolean; latencyMs?: number; error?: string };
}

function pct(value: number | undefined, lang: string): string | undefined {
  if (value === undefined) return undefined;
  const n = (Math.floor(value * 1000) / 10).toLocaleString(lang === 'vi' ? 'vi-VN' : 'en', { maximumFractionDigits: 1 });
  return lang === 'vi' ? `${n} %` : `${n}%`;
}

function setFigure(el: Element | null, value: string | undefined): void {
  const first = el?.firstChild;
  if (value && first && first.nodeType === Node.TEXT_NODE) first.textContent = value;
}

export async function refreshHealth(): Promise<void> {
  const blocks = [...document.querySelectorAll<HTMLElement>('[data-odp-health]')];
  if (!blocks.length) return;
  let live: { services: Record<string, LiveService> };
  try {
    const res = await fetch('/status/health.json', { cache: 'no-store' });
    if (!res.ok) return;
    live = (await res.json()) as typeof live;
  } catch {
    return; // no monitor beside this site: keep the build's figures
  }
  for (const block of blocks) {
    const s = live.services[block.dataset.odpHealth ?? ''];
    if (!s) continue;
    const lang = block.dataset.odpLang ?? 'vi';
    setFigure(block.querySelector('[data-odp-health-24h]'), pct(s.availability24h, lang));
    setFigure(block.querySelector('[data-odp-health-30d]'), pct(s.availability30d, lang));
    const last = block.querySelector('[data-odp-health-last]');
    if (last && s.last) {
      const when = new Date(s.last.time).toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', {
        timeZone: 'Asia/Ho_Chi_Minh',
        hour: '2-digit',
        minute: '2-digit',
        day: '2-digit',
        month: '2-digit',
        year: 'numeric',
      });
      // The words come from the page (site/src/i18n), with {ms} and {error} to fill in.
      const state = s.last.ok ? (block.dataset.odpTextUp ?? '').replace('{ms}', String(s.last.latencyMs ?? 0)) : (block.dataset.odpTextDown ?? '').replace('{error}', s.last.error ?? '');
      last.textContent = `${when}: ${state}`;
    }
  }
}
