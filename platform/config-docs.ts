// The configuration table of README.md, made from the table in config.ts: `npm run config:docs`
// writes it between the two markers, and a unit test fails when README.md and the module differ.
import { parts, settingNames, settings, type Part, type Setting } from './config.ts';

export const CONFIG_START = '<!-- config:start -->';
export const CONFIG_END = '<!-- config:end -->';

const cell = (s: string) => s.replaceAll('|', '\\|');

/** The tables, one per part of the project, in the order of config.ts. */
export function configMarkdown(): string {
  const byPart = new Map<Part, string[]>();
  for (const name of settingNames) {
    const s = settings[name] as Setting;
    const rows = byPart.get(s.part) ?? [];
    rows.push(`| \`${name}\` | ${cell(s.type)} | ${cell(s.shown)} | ${cell(s.what.en)} |`);
    byPart.set(s.part, rows);
  }
  const blocks = (Object.keys(parts) as Part[])
    .filter((p) => byPart.has(p))
    .map((p) => [`**${parts[p].en}**`, '', '| variable | type | default | what |', '| --- | --- | --- | --- |', ...byPart.get(p)!].join('\n'));
  return `${blocks.join('\n\n')}\n`;
}

/** `readme` with the text between the markers replaced by the generated tables. */
export function withConfigTable(readme: string): string {
  const start = readme.indexOf(CONFIG_START);
  const end = readme.indexOf(CONFIG_END);
  if (start < 0 || end < start) throw new Error(`README.md: thiếu / missing ${CONFIG_START} … ${CONFIG_END}`);
  return `${readme.slice(0, start + CONFIG_START.length)}\n\n${configMarkdown()}\n${readme.slice(end)}`;
}
