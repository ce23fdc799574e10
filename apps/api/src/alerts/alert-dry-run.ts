// What a rule would have sent over stored blocks: the evaluator's matching, threshold and cooldown, run
// on chain time and written nowhere. Pure.
import type { AlertMessage, AlertRule } from '@aura/events';

import type { BlockBundle } from '../activity/activity-store.service';
import { dedupKeyOf, eventsOf } from './alert-evaluator.service';
import { CooldownGate, RateWindow, ThresholdCounter } from './alert-gates';
import { eventAlertMessage, stateFiredMessage, stateResolvedMessage } from './alert-text';
import { RuleIndex } from './rule-index';

/** `earlier`: token events (kind, unix s) before the range, so a rate window starts full. */
export function dryRun(
  rule: AlertRule,
  bundles: readonly BlockBundle[],
  earlier: readonly { kind: string; t: number }[] = [],
): AlertMessage[] {
  const probe: AlertRule = { ...rule, enabled: true, sinceBlock: -1 };
  const index = new RuleIndex([probe]);
  const cooldowns = new CooldownGate();
  const thresholds = new ThresholdCounter();
  const rates = new RateWindow(86_400);
  for (const e of earlier) rates.add(e.kind, e.t);
  const out: AlertMessage[] = [];
  let active: { since: Date; id: string } | null = null;
  for (const bundle of bundles) {
    const at = new Date(bundle.block.timestamp * 1000);
    for (const event of eventsOf(bundle)) {
      if (event.type !== 'transaction') rates.add(event.type, event.timestamp);
      for (const r of index.match(event)) {
        const dedupKey = dedupKeyOf(r, event);
        const key = `${r.id}|${dedupKey}`;
        let matches: number | undefined;
        if (r.threshold) {
          const n = thresholds.add(key, event.id, event.timestamp, r.threshold.count, r.threshold.windowSeconds);
          if (n === null) continue;
          matches = n;
        }
        const decision = cooldowns.decide(key, at.getTime(), r.cooldownSeconds * 1000);
        if (!decision.send) continue;
        out.push(
          eventAlertMessage({
            id: `${r.id}:${event.blockHash}:${event.id}`,
            rule: r,
            at,
            suppressed: decision.suppressed,
            dedupKey,
            event,
            matches,
          }),
        );
      }
    }
    const c = probe.condition;
    if (c.kind !== 'event_rate') continue;
    const count = rates.count(c.event, bundle.block.timestamp, c.windowSeconds);
    const holds = c.above !== undefined ? count > c.above : count < (c.below as number);
    const detail = `${count} ${c.event} in the ${c.windowSeconds} s up to block ${bundle.block.number}`;
    if (holds && !active) {
      const id = `${rule.id}:rate:${bundle.block.hash}`;
      active = { since: at, id };
      out.push(stateFiredMessage({ id, rule: probe, at, suppressed: 0, dedupKey: id, since: at, detail }));
    } else if (!holds && active) {
      out.push(
        stateResolvedMessage({
          id: `${active.id}:resolved`,
          rule: probe,
          at,
          suppressed: 0,
          dedupKey: active.id,
          since: active.since,
          resolvedAt: at,
          firedId: active.id,
          detail,
        }),
      );
      active = null;
    }
  }
  return out;
}
