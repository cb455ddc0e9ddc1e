// The restart policy of the services `npm start` runs: a service that stops on its own is started
// again after 1 s, 2 s, 4 s… (capped), the count starts again after a healthy run, and after repeated
// fast failures it is left stopped with a message; nothing is restarted once stopping began.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { describeExit, supervise, type RestartPolicy } from '../service-process.ts';

const policy: RestartPolicy = { firstDelayMs: 1000, maxDelayMs: 4000, healthyAfterMs: 60_000, maxFastFailures: 4 };

/** A fake service: `restart` starts it again (or fails to when told), every call is recorded. */
function fakeService({ failStarts = 0 } = {}) {
  const lines: string[] = [];
  let starts = 0;
  let failing = failStarts;
  const sup = supervise({
    name: 'Meilisearch',
    logFile: 'meilisearch.log',
    policy,
    log: (m) => lines.push(m),
    restart: () => {
      starts++;
      return failing-- > 0 ? Promise.reject(new Error('port 7700 in use')) : Promise.resolve();
    },
  });
  return { sup, lines, starts: () => starts };
}

/** The delays (s) the supervisor announced, in order. */
const announced = (lines: string[]) => lines.flatMap((l) => [...(/restart \d+ in ([\d.]+) s/.exec(l)?.slice(1) ?? [])]).map(Number);

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

describe('supervise: restarting a service that stopped on its own', () => {
  it('restarts after the first delay and says why it stopped and which attempt it is, in both languages', async () => {
    const s = fakeService();
    s.sup.exited(null, 'SIGKILL');
    expect(s.lines[0]).toMatch(/^! Meilisearch đã dừng \(tín hiệu SIGKILL\); khởi động lại lần 1 sau 1 s \/ Meilisearch stopped \(signal SIGKILL\); restart 1 in 1 s$/);
    await vi.advanceTimersByTimeAsync(999);
    expect(s.starts()).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(s.starts()).toBe(1);
    expect(s.sup.restarts()).toBe(1);
    expect(s.lines[1]).toMatch(/^✓ Meilisearch chạy lại sau .* \(lần 1\) \/ Meilisearch is back after .* \(restart 1\)$/);
  });

  it('doubles the delay after each fast failure up to the cap, then gives up and says the rest keeps running', async () => {
    const s = fakeService();
    for (let i = 0; i < 4; i++) {
      s.sup.exited(1, null);
      await vi.advanceTimersByTimeAsync(10_000);
    }
    expect(announced(s.lines)).toEqual([1, 2, 4, 4]);
    expect(s.starts()).toBe(4);
    s.sup.exited(1, null);
    expect(s.sup.gaveUp()).toBe(true);
    expect(s.lines.at(-1)).toMatch(/Meilisearch failed 5 times in a row \(last: exit code 1\); not restarting it again, the rest of the portal keeps running\. See meilisearch\.log/);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(s.starts()).toBe(4);
  });

  it('a start that fails counts as a failure and is tried again with the next delay', async () => {
    const s = fakeService({ failStarts: 2 });
    s.sup.exited(null, 'SIGSEGV');
    await vi.advanceTimersByTimeAsync(1000 + 2000 + 4000);
    expect(s.starts()).toBe(3);
    expect(s.sup.restarts()).toBe(1);
    expect(announced(s.lines)).toEqual([1, 2, 4]);
    expect(s.lines.filter((l) => l.includes('did not start: port 7700 in use'))).toHaveLength(2);
  });

  it('a healthy run starts the count again', async () => {
    const s = fakeService();
    s.sup.exited(1, null);
    await vi.advanceTimersByTimeAsync(1000);
    s.sup.exited(1, null);
    await vi.advanceTimersByTimeAsync(2000);
    await vi.advanceTimersByTimeAsync(policy.healthyAfterMs);
    s.sup.exited(1, null);
    expect(announced(s.lines)).toEqual([1, 2, 1]);
  });

  it('nothing is restarted once stopping began, even with a restart already scheduled', async () => {
    const s = fakeService();
    s.sup.exited(null, 'SIGKILL');
    await s.sup.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    s.sup.exited(null, 'SIGTERM');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(s.starts()).toBe(0);
    expect(s.lines).toHaveLength(1);
  });

  it('an exit heard while a restart settles is not lost', async () => {
    let release!: () => void;
    const lines: string[] = [];
    let starts = 0;
    const sup = supervise({
      name: 'Directus',
      logFile: 'directus.log',
      policy,
      log: (m) => lines.push(m),
      restart: () => {
        starts++;
        return starts === 1 ? new Promise<void>((r) => (release = r)) : Promise.resolve();
      },
    });
    sup.exited(null, 'SIGKILL');
    await vi.advanceTimersByTimeAsync(1000);
    // The new process dies before its start has been reported as done.
    sup.exited(1, null);
    release();
    await vi.advanceTimersByTimeAsync(2000);
    expect(starts).toBe(2);
    expect(announced(lines)).toEqual([1, 2]);
  });
});

describe('describeExit', () => {
  it('names the signal when there is one, the exit code otherwise', () => {
    expect(describeExit(null, 'SIGKILL')).toEqual({ vi: 'tín hiệu SIGKILL', en: 'signal SIGKILL' });
    expect(describeExit(3, null)).toEqual({ vi: 'mã thoát 3', en: 'exit code 3' });
  });
});
