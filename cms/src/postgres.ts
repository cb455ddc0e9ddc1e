// Starts a throw-away PostgreSQL cluster (Debian's postgresql package) for tests and benchmarks:
// its own data directory, port and socket directory, trust authentication on loopback only.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { OdpError } from '../../catalog-schema/src/errors.ts';

export function findPostgresBin(): string | undefined {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base)
    .filter((v) => existsSync(path.join(base, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(base, versions[0], 'bin') : undefined;
}

export interface RunningPostgres {
  port: number;
  env: Record<string, string>;
  stop(): void;
}

/** PostgreSQL refuses to run as root; the package's `postgres` user owns the cluster then. */
function asPgUser(cmd: string, args: string[]) {
  const root = process.getuid?.() === 0;
  const r = root ? spawnSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { encoding: 'utf8' }) : spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new OdpError('POSTGRES_FAILED', `${path.basename(cmd)} ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

export function startPostgres(port: number, database = 'directus'): RunningPostgres {
  const bin = findPostgresBin();
  if (!bin) {
    throw new OdpError('POSTGRES_MISSING', "Không tìm thấy PostgreSQL / PostgreSQL not found: install Debian's package (apt-get install postgresql).");
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'odp-pg-'));
  chmodSync(dir, 0o777);
  const data = path.join(dir, 'data');
  const sock = path.join(dir, 'sock');
  mkdirSync(sock);
  chmodSync(sock, 0o777);
  if (process.getuid?.() === 0) spawnSync('chown', ['-R', 'postgres', dir]);
  asPgUser(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  asPgUser(path.join(bin, 'pg_ctl'), ['-D', data, '-l', path.join(dir, 'postgres.log'), '-w', '-o', `-p ${port} -k ${sock} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start']);
  asPgUser(path.join(bin, 'psql'), ['-h', sock, '-p', String(port), '-U', 'postgres', '-c', `CREATE DATABASE ${database}`]);
  return {
    port,
    env: { DB_HOST: '127.0.0.1', DB_PORT: String(port), DB_DATABASE: database, DB_USER: 'postgres', DB_PASSWORD: '' },
    stop() {
      try {
        asPgUser(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
