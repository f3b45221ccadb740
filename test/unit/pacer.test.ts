import { describe, expect, it } from 'vitest';
import { RollingWindowPacer } from '../../src/hubspot/pacer.ts';

describe('RollingWindowPacer', () => {
  it('lets `max` requests start in any window and makes the next wait for the oldest to leave it', async () => {
    let clock = 0;
    const waits: number[] = [];
    const pacer = new RollingWindowPacer(
      3,
      1_000,
      () => clock,
      async (ms) => {
        waits.push(ms);
        clock += ms;
      },
    );
    const startedAt: number[] = [];
    for (let index = 0; index < 7; index += 1) {
      await pacer.acquire();
      startedAt.push(clock);
      clock += 10;
    }
    expect(startedAt).toEqual([0, 10, 20, 1001, 1011, 1021, 2002]);
    for (let index = 3; index < startedAt.length; index += 1) expect(startedAt[index]! - startedAt[index - 3]!).toBeGreaterThanOrEqual(1_000);
    expect(waits).toEqual([971, 971]);
  });

  it('serves concurrent callers in the order they asked', async () => {
    let clock = 0;
    const pacer = new RollingWindowPacer(
      1,
      100,
      () => clock,
      async (ms) => {
        clock += ms;
      },
    );
    const order: number[] = [];
    await Promise.all([0, 1, 2].map((index) => pacer.acquire().then(() => order.push(index))));
    expect(order).toEqual([0, 1, 2]);
    expect(clock).toBe(202);
  });

  it('refuses a limit that allows nothing', () => {
    expect(() => new RollingWindowPacer(0, 1_000)).toThrow(RangeError);
  });
});
