// Who runs the leader-only tasks (the alert evaluator, the health watcher). One process today: it
// leads. The scale-out work provides a fenced lease in its place, under the same token.
export interface Leadership {
  isLeader(): boolean;
  /** This process's instance name (claims and logs). */
  readonly instance: string;
}

export const LEADERSHIP = Symbol('LEADERSHIP');

export class SingleProcessLeadership implements Leadership {
  constructor(readonly instance: string) {}

  isLeader(): boolean {
    return true;
  }
}
