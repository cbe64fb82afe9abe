import { describe, expect, it } from 'vitest';
import {
  correctionOf,
  latestAcceptedByMonth,
  nextReportState,
  refusalReason,
  REPORT_ACTIONS,
  REPORT_STATES,
  type ReportAction,
  type ReportState,
} from './states.ts';

describe('report state machine', () => {
  const allowed: [ReportState, ReportAction, ReportState][] = [
    ['draft', 'edit', 'draft'],
    ['draft', 'submit', 'submitted'],
    ['submitted', 'accept', 'accepted'],
    ['submitted', 'return', 'returned'],
    ['returned', 'edit', 'returned'],
    ['returned', 'submit', 'submitted'],
    ['accepted', 'correct', 'accepted'],
  ];
  it.each(allowed)('%s --%s--> %s', (state, action, next) => {
    expect(nextReportState(state, action)).toBe(next);
  });

  it('refuses every other pair', () => {
    const permitted = new Set(allowed.map(([state, action]) => `${state}:${action}`));
    for (const state of REPORT_STATES)
      for (const action of REPORT_ACTIONS)
        if (!permitted.has(`${state}:${action}`))
          expect(nextReportState(state, action), `${state}:${action}`).toBeNull();
  });

  it('explains refusals in Chinese', () => {
    expect(refusalReason('submitted', 'edit')).toBe('月报当前状态为「已提交」，不能修改');
    expect(refusalReason('accepted', 'edit')).toBe('月报已审核通过，如需修改请发起更正');
  });

  it('a correction is the next revision, as a draft', () => {
    expect(correctionOf(1)).toEqual({ revision: 2, state: 'draft' });
  });

  it('counts the highest accepted revision of each month', () => {
    const chosen = latestAcceptedByMonth([
      { month: 1, revision: 1, state: 'accepted' as const, id: 'a' },
      { month: 1, revision: 2, state: 'accepted' as const, id: 'b' },
      { month: 1, revision: 3, state: 'submitted' as const, id: 'c' },
      { month: 2, revision: 1, state: 'returned' as const, id: 'd' },
      { month: 3, revision: 2, state: 'draft' as const, id: 'e' },
      { month: 3, revision: 1, state: 'accepted' as const, id: 'f' },
    ]);
    expect([...chosen.entries()].map(([month, report]) => [month, report.id])).toEqual([
      [1, 'b'],
      [3, 'f'],
    ]);
  });
});
