import type { MilestoneStatus, PlanState } from '@beacon/domain';
import { Tag } from 'antd';
import { useI18n } from '../../i18n/i18n-context.tsx';

const PLAN_STATE_COLORS: Record<PlanState, string> = { draft: 'default', issued: 'green' };

export function PlanStateTag({ state, testId }: { state: PlanState; testId?: string }) {
  const { t } = useI18n();
  return (
    <Tag color={PLAN_STATE_COLORS[state]} data-testid={testId}>
      {t(`planState.${state}`)}
    </Tag>
  );
}

const MILESTONE_COLORS: Record<MilestoneStatus, string> = {
  done: 'green',
  done_late: 'orange',
  overdue: 'red',
  due: 'blue',
};

export function MilestoneStatusTag({ status }: { status: MilestoneStatus }) {
  const { t } = useI18n();
  return <Tag color={MILESTONE_COLORS[status]}>{t(`milestoneStatus.${status}`)}</Tag>;
}
