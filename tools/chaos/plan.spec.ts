import { plan } from './plan';
import { SeededRandom } from './random';

describe('chaos plan', () => {
  it('schedules shallow reorgs, one of depth 12, three kills, a database restart and an RPC outage', () => {
    const events = plan(new SeededRandom(3), 1_000);
    const reorgs = events.filter((e) => e.kind === 'reorg').map((e) => (e.kind === 'reorg' ? e.depth : 0));
    expect(reorgs.filter((d) => d === 12)).toHaveLength(1);
    expect(reorgs.filter((d) => d >= 1 && d <= 3).length).toBeGreaterThanOrEqual(2);
    expect(events.filter((e) => e.kind === 'kill')).toHaveLength(3);
    expect(events.filter((e) => e.kind === 'db-restart')).toHaveLength(1);
    expect(events.filter((e) => e.kind === 'rpc-outage')).toHaveLength(1);
  });

  it('keeps every event inside the run, in order, and repeats for a seed', () => {
    const events = plan(new SeededRandom(5), 240);
    expect(events.every((e) => e.at >= 24 && e.at <= 204)).toBe(true);
    expect(events.map((e) => e.at)).toEqual([...events.map((e) => e.at)].sort((a, b) => a - b));
    expect(plan(new SeededRandom(5), 240)).toEqual(events);
  });
});
