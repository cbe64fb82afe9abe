import { ArrowRightOutlined } from '@ant-design/icons';
import { Table, Typography } from 'antd';
import type { Translate } from '../../i18n/i18n-context.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { formatDateTime, formatWanNumber } from '../../lib/format.ts';
import type { Adjustment, YearPlanValues } from './plan-types.ts';

type Field = keyof YearPlanValues;
const FIELDS: Field[] = [
  'plannedInvestment',
  'constructionType',
  'plannedStart',
  'plannedCompletion',
  'progressGoal',
  'distributionKind',
  'distribution',
];

function show(t: Translate, field: Field, values: YearPlanValues | null): string {
  if (!values) return '—';
  switch (field) {
    case 'plannedInvestment':
      return `${formatWanNumber(values.plannedInvestment)} 万元`;
    case 'constructionType':
      return t(`constructionType.${values.constructionType}`);
    case 'distributionKind':
      return t(`distributionKind.${values.distributionKind}`);
    case 'distribution':
      return values.distribution?.map(formatWanNumber).join(' / ') ?? '—';
    default:
      return values[field] ?? '—';
  }
}

/** The fields an adjustment changed, each as "before → after". */
export function changedFields(t: Translate, adjustment: Pick<Adjustment, 'before' | 'after'>) {
  return FIELDS.map((field) => ({
    field,
    before: show(t, field, adjustment.before),
    after: show(t, field, adjustment.after),
  })).filter((row) => row.before !== row.after);
}

/**
 * The plan's recorded adjustments, oldest first: who, when, why, and each changed value before and
 * after, so the plan as issued stays readable beside every change made to it.
 */
export function AdjustmentHistory({ items, loading }: { items: Adjustment[]; loading?: boolean }) {
  const { t, locale } = useI18n();
  const colon = locale === 'zh-CN' ? '：' : ': ';
  return (
    <Table<Adjustment>
      size="small"
      rowKey="id"
      loading={loading}
      pagination={false}
      dataSource={items}
      locale={{ emptyText: t('plans.noAdjustments') }}
      data-testid="adjustment-history"
      scroll={{ x: 900 }}
      columns={[
        { title: t('plans.adjustedAt'), dataIndex: 'at', width: 140, render: formatDateTime },
        { title: t('plans.adjustedBy'), dataIndex: 'actorName', width: 140 },
        { title: t('plans.project'), dataIndex: 'projectName', width: 220, ellipsis: true },
        { title: t('plans.reason'), dataIndex: 'reason', width: 220 },
        {
          title: t('plans.change'),
          key: 'change',
          render: (_, adjustment) => (
            <div className="plan-changes">
              {changedFields(t, adjustment).map((row) => (
                <div key={row.field}>
                  <Typography.Text type="secondary">
                    {t(`yearPlan.${row.field}`)}
                    {colon}
                  </Typography.Text>
                  <Typography.Text delete type="secondary">
                    {row.before}
                  </Typography.Text>
                  <ArrowRightOutlined style={{ margin: '0 6px', color: '#999' }} />
                  <Typography.Text strong>{row.after}</Typography.Text>
                </div>
              ))}
            </div>
          ),
        },
      ]}
    />
  );
}
