// The profile of one data file on disk: read in full, streaming (CSV of any size), hashed, profiled
// and checked against the dataset's data dictionary. The build (pipeline/profile-files.ts) and the
// personal-data scan read files through these functions.
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import Papa from 'papaparse';
import { readSheet } from 'read-excel-file/node';
import type { DataField } from '../catalog-schema/generated/types.ts';
import type { DistributionProfile } from './profiles.ts';
import { DictionaryChecker, Profiler, TabularError, decodeUtf8, tableFromJson, tableFromRows, type Table } from './tabular.ts';

export const notUtf8 = {
  vi: 'Tệp không mã hóa UTF-8 (có thể là TCVN3 hoặc Windows-1258); hãy lưu lại dưới dạng UTF-8.',
  en: 'The file is not UTF-8 (perhaps TCVN3 or Windows-1258); save it as UTF-8.',
};

async function sha256File(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/**
 * Streams the rows of a CSV file (any size; delimiter guessed; UTF-8 checked on the way, a file in
 * another encoding is refused with NOT_UTF8). `onRow` gets each row, the header first, NFC-normalised.
 */
export async function streamCsvRows(file: string, onRow: (row: string[]) => void): Promise<void> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let first = true;
  await new Promise<void>((resolve, reject) => {
    const parser = Papa.parse(Papa.NODE_STREAM_INPUT, { skipEmptyLines: 'greedy', delimitersToGuess: [',', ';', '\t', '|'] }) as unknown as NodeJS.ReadWriteStream;
    parser.on('data', (row: string[]) => {
      if (first) row = row.map((h, i) => (i === 0 ? h.replace(/^\uFEFF/, '') : h).trim());
      first = false;
      onRow(row.map((v) => v.normalize('NFC')));
    });
    parser.on('end', resolve);
    parser.on('error', reject);
    const input = createReadStream(file);
    input.on('data', (chunk) => {
      try {
        parser.write(decoder.decode(chunk as Buffer, { stream: true }));
      } catch {
        input.destroy();
        reject(new TabularError('NOT_UTF8', notUtf8.en));
      }
    });
    input.on('end', () => {
      try {
        parser.end(decoder.decode());
      } catch {
        reject(new TabularError('NOT_UTF8', notUtf8.en));
      }
    });
    input.on('error', reject);
  });
}

/** Streams a CSV file through the profiler and the dictionary checker. */
async function profileCsv(file: string, dictionary: DataField[], codes: Map<string, Set<string>>): Promise<Pick<DistributionProfile, 'profile' | 'dictionary'>> {
  let profiler: Profiler | undefined;
  let checker: DictionaryChecker | undefined;
  let line = 1;
  await streamCsvRows(file, (row) => {
    if (!profiler) {
      profiler = new Profiler(row);
      if (dictionary.length) checker = new DictionaryChecker(dictionary, row, codes);
      return;
    }
    line++;
    profiler.push(row);
    checker?.row(row, line);
  });
  if (!profiler) throw new TabularError('EMPTY', 'empty file');
  return { profile: profiler.result(), dictionary: checker?.result() };
}

function profileTableWith(t: Table, dictionary: DataField[], codes: Map<string, Set<string>>): Pick<DistributionProfile, 'profile' | 'dictionary'> {
  const profiler = new Profiler(t.columns);
  const checker = dictionary.length ? new DictionaryChecker(dictionary, t.columns, codes) : undefined;
  t.rows.forEach((r, i) => {
    profiler.push(r);
    checker?.row(r, i + 2);
  });
  return { profile: profiler.result(), dictionary: checker?.result() };
}

export async function profileFile(file: string, format: string, dictionary: DataField[], codes: Map<string, Set<string>>, maxBytes: number): Promise<DistributionProfile> {
  const st = statSync(file);
  const base: DistributionProfile = { status: 'ok', answers: true, byteSize: st.size, lastModified: st.mtime.toISOString(), sha256: await sha256File(file) };
  if (st.size > maxBytes)
    return { ...base, status: 'too-large', message: { vi: `Tệp lớn hơn ${Math.round(maxBytes / 1e6)} MB, không lập hồ sơ.`, en: `Larger than ${Math.round(maxBytes / 1e6)} MB; not profiled.` } };
  try {
    if (format === 'csv') return { ...base, ...(await profileCsv(file, dictionary, codes)) };
    if (format === 'json' || format === 'geojson') return { ...base, ...profileTableWith(tableFromJson(JSON.parse(decodeUtf8(readFileSync(file)))), dictionary, codes) };
    if (format === 'xlsx') return { ...base, ...profileTableWith(tableFromRows(await readSheet(file)), dictionary, codes) };
    return { ...base, status: 'unsupported', message: { vi: `Chưa lập hồ sơ cho định dạng ${format.toUpperCase()}.`, en: `No profile for ${format.toUpperCase()} files.` } };
  } catch (err) {
    const e = err as Error;
    const message = e instanceof TabularError && e.code === 'NOT_UTF8' ? notUtf8 : { vi: `Không đọc được tệp: ${e.message}`, en: `The file could not be read: ${e.message}` };
    return { ...base, status: 'unreadable', message };
  }
}
