import type { ReportState } from '@beacon/domain';
import { Tag } from 'antd';
import { useI18n } from '../../i18n/i18n-context.tsx';

/** A report's state, or `none` for a month the owner has not started. */
export type InboxState = ReportState | 'none';

const COLORS: Record<InboxState, string> = {
  none: 'default',
  draft: 'processing',
  submitted: 'blue',
  returned: 'red',
  accepted: 'green',
};

export function ReportStateTag({ state, testId }: { state: InboxState; testId?: string }) {
  const { t } = useI18n();
  return (
    <Tag color={COLORS[state]} data-testid={testId}>
      {t(`reportState.${state}`)}
    </Tag>
  );
}

export function LateTag({ late }: { late: boolean | null }) {
  const { t } = useI18n();
  if (!late) return null;
  return (
    <Tag color="volcano" data-testid="report-late">
      {t('report.late')}
    </Tag>
  );
}
