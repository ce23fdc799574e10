// The campaign's schedule of faults, drawn from the seed.
import type { SeededRandom } from './random';

export type Planned =
  | { at: number; kind: 'reorg'; depth: number }
  | { at: number; kind: 'kill' }
  | { at: number; kind: 'db-restart' }
  | { at: number; kind: 'rpc-outage' };

/** The campaign's events at block offsets between 10 % and 85 % of the run, from the seed. */
export function plan(random: SeededRandom, blocks: number): Planned[] {
  const at = () => random.int(Math.floor(blocks * 0.1), Math.floor(blocks * 0.85));
  const events: Planned[] = [];
  const shallow = Math.max(2, Math.round(blocks / 80));
  for (let i = 0; i < shallow; i++) events.push({ at: at(), kind: 'reorg', depth: random.int(1, 3) });
  events.push({ at: at(), kind: 'reorg', depth: 12 });
  for (let i = 0; i < 3; i++) events.push({ at: at(), kind: 'kill' });
  events.push({ at: at(), kind: 'db-restart' });
  events.push({ at: at(), kind: 'rpc-outage' });
  return events.sort((a, b) => a.at - b.at);
}
