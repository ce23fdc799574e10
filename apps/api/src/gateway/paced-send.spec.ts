import { type PacedTarget, sendPaced } from './paced-send';

/** A client whose unsent bytes grow with each send and drain by `drainPerSleep` on each wait. */
function fakeClient(drainPerSleep: number) {
  const log: string[] = [];
  let clock = 0;
  const client = {
    readyState: 1,
    bufferedAmount: 0,
    send(data: Buffer) {
      this.bufferedAmount += data.length;
      log.push(`send ${data.toString()}`);
    },
  } satisfies PacedTarget & { bufferedAmount: number };
  const sleep = async (ms: number) => {
    log.push(ms === 0 ? 'yield' : `wait ${ms}`);
    clock += Math.max(ms, 1);
    client.bufferedAmount = Math.max(0, client.bufferedAmount - drainPerSleep);
  };
  return { client, log, sleep, now: () => clock };
}
const frames = (n: number) => Array.from({ length: n }, (_, i) => Buffer.from(String(i).padStart(10, '0')));

describe('sendPaced', () => {
  it('sends in chunks and yields to the event loop between them', async () => {
    const { client, log, sleep, now } = fakeClient(1_000);
    const outcome = await sendPaced(client, frames(5), {
      softBytes: 1_000,
      chunkFrames: 2,
      drainTimeoutMs: 100,
      sleep,
      now,
    });
    expect(outcome).toBe('done');
    expect(log.filter((l) => l === 'yield')).toHaveLength(2);
    expect(log.filter((l) => l.startsWith('send'))).toHaveLength(5);
    expect(log.slice(0, 3)).toEqual(['send 0000000000', 'send 0000000001', 'yield']);
  });

  it('never lets the unsent bytes pass the soft limit by more than one frame, and keeps the order', async () => {
    const { client, log, sleep, now } = fakeClient(4);
    let peak = 0;
    const send = client.send.bind(client);
    client.send = (data: Buffer) => {
      send(data);
      peak = Math.max(peak, client.bufferedAmount);
    };
    expect(
      await sendPaced(client, frames(50), { softBytes: 30, chunkFrames: 64, drainTimeoutMs: 10_000, sleep, now }),
    ).toBe('done');
    expect(peak).toBeLessThan(30 + 10);
    const sent = log.filter((l) => l.startsWith('send')).map((l) => Number(l.slice(5)));
    expect(sent).toEqual([...Array(50).keys()]);
    expect(log.some((l) => l.startsWith('wait'))).toBe(true);
  });

  it('gives up on a client that does not drain, and stops when it goes away', async () => {
    const stuck = fakeClient(0);
    expect(
      await sendPaced(stuck.client, frames(10), {
        softBytes: 15,
        chunkFrames: 64,
        drainTimeoutMs: 100,
        sleep: stuck.sleep,
        now: stuck.now,
      }),
    ).toBe('stalled');
    expect(stuck.log.filter((l) => l.startsWith('send'))).toHaveLength(2);

    const gone = fakeClient(1_000);
    gone.client.send = function () {
      this.readyState = 3;
    };
    expect(
      await sendPaced(gone.client, frames(10), {
        softBytes: 1_000,
        chunkFrames: 64,
        drainTimeoutMs: 100,
        sleep: gone.sleep,
        now: gone.now,
      }),
    ).toBe('closed');
  });
});
