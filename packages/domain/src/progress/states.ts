/**
 * The monthly report (月报) life cycle of the policy's section 5: the owner drafts and submits,
 * the county or the responsible department accepts or returns it with a reason, the owner edits
 * and resubmits. An accepted report is never edited: a correction is a new revision that starts
 * as a draft while the accepted one keeps counting until the correction is itself accepted.
 */
export const REPORT_STATES = ['draft', 'submitted', 'accepted', 'returned'] as const;
export type ReportState = (typeof REPORT_STATES)[number];

export const REPORT_STATE_LABELS: Record<ReportState, string> = {
  draft: '草稿',
  submitted: '已提交',
  accepted: '已审核',
  returned: '已退回',
};

export const REPORT_ACTIONS = ['edit', 'submit', 'accept', 'return', 'correct'] as const;
export type ReportAction = (typeof REPORT_ACTIONS)[number];

export const REPORT_ACTION_LABELS: Record<ReportAction, string> = {
  edit: '修改',
  submit: '提交',
  accept: '审核通过',
  return: '退回',
  correct: '更正',
};

/**
 * The state each action leaves the acted-on revision in. `edit` keeps a returned report returned
 * so the reviewer's reason stays in view until the owner resubmits; `correct` leaves the accepted
 * revision accepted and opens a new draft revision beside it (see {@link correctionOf}).
 */
const TRANSITIONS: Record<ReportState, Partial<Record<ReportAction, ReportState>>> = {
  draft: { edit: 'draft', submit: 'submitted' },
  submitted: { accept: 'accepted', return: 'returned' },
  accepted: { correct: 'accepted' },
  returned: { edit: 'returned', submit: 'submitted' },
};

/** The state after `action`, or null when the action is not allowed in `state`. */
export function nextReportState(state: ReportState, action: ReportAction): ReportState | null {
  return TRANSITIONS[state][action] ?? null;
}

export const canReportDo = (state: ReportState, action: ReportAction) =>
  nextReportState(state, action) !== null;

/** Why an action is refused, in Chinese, for the 409 a service answers. */
export function refusalReason(state: ReportState, action: ReportAction): string {
  if (action === 'edit' && state === 'accepted') return '月报已审核通过，如需修改请发起更正';
  return `月报当前状态为「${REPORT_STATE_LABELS[state]}」，不能${REPORT_ACTION_LABELS[action]}`;
}

/** A correction after acceptance: the next revision number, starting as a draft. */
export function correctionOf(revision: number): { revision: number; state: ReportState } {
  return { revision: revision + 1, state: 'draft' };
}

export type RevisionLike = { month: number; revision: number; state: ReportState };

/**
 * Of all revisions of one project-year, the one that counts for each month: the highest accepted
 * revision. A later draft, submitted or returned correction does not displace it.
 */
export function latestAcceptedByMonth<T extends RevisionLike>(reports: Iterable<T>): Map<number, T> {
  const chosen = new Map<number, T>();
  for (const report of reports) {
    if (report.state !== 'accepted') continue;
    const current = chosen.get(report.month);
    if (!current || report.revision > current.revision) chosen.set(report.month, report);
  }
  return chosen;
}
