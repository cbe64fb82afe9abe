import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import {
  checkDistribution,
  CONSTRUCTION_TYPES,
  DISTRIBUTION_LENGTH,
  parseWan,
  sumWan,
  wanToDecimal,
  type ConstructionType,
  type DistributionKind,
} from '@beacon/domain';
import { Button, Col, DatePicker, Form, Input, Radio, Row, Space, Typography, type FormInstance } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { formatWanNumber, tryFormatYi } from '../../lib/format.ts';
import type { YearPlanValues } from './plan-types.ts';

export const MONEY_PATTERN = /^\d{1,14}(\.\d{1,4})?$/;

export type YearPlanFormValues = {
  plannedInvestment: string;
  constructionType: ConstructionType;
  plannedStart: Dayjs | null;
  plannedCompletion: Dayjs | null;
  progressGoal: string;
  distributionKind: DistributionKind;
  distribution: string[];
};

/** "12345.6700" → "12345.67": the stored scale is noise in an input box. */
export function trimDecimal(value: string): string {
  return value.includes('.') ? value.replace(/0+$/, '').replace(/\.$/, '') : value;
}

const toDay = (value: string | null) => (value ? dayjs(value) : null);
const fromDay = (value: Dayjs | null | undefined) => (value ? value.format('YYYY-MM-DD') : null);

export function valuesFromYearPlan(plan: YearPlanValues | null): YearPlanFormValues {
  return {
    plannedInvestment: plan ? trimDecimal(plan.plannedInvestment) : '',
    constructionType: plan?.constructionType ?? 'continuing',
    plannedStart: toDay(plan?.plannedStart ?? null),
    plannedCompletion: toDay(plan?.plannedCompletion ?? null),
    progressGoal: plan?.progressGoal ?? '',
    distributionKind: plan?.distributionKind ?? 'none',
    distribution: (plan?.distribution ?? []).map(trimDecimal),
  };
}

/** The form as the API's year-plan values; a spread is sent only for the kind chosen. */
export function yearPlanFromValues(values: YearPlanFormValues): YearPlanValues {
  const length = DISTRIBUTION_LENGTH[values.distributionKind];
  return {
    plannedInvestment: values.plannedInvestment.trim(),
    constructionType: values.constructionType,
    plannedStart: fromDay(values.plannedStart),
    plannedCompletion: fromDay(values.plannedCompletion),
    progressGoal: values.progressGoal?.trim() || null,
    distributionKind: values.distributionKind,
    distribution:
      length === 0
        ? null
        : Array.from({ length }, (_, index) => (values.distribution?.[index] ?? '').trim() || '0'),
  };
}

/**
 * Splits the annual figure into equal parts to the yuan (0.0001 万元), the remainder going to the
 * last part, so the parts always add up to the annual figure exactly.
 */
export function evenSpread(annual: string, parts: number): string[] | null {
  if (!MONEY_PATTERN.test(annual.trim()) || parts === 0) return null;
  const total = parseWan(annual.trim());
  const part = total / BigInt(parts);
  return Array.from({ length: parts }, (_, index) =>
    trimDecimal(wanToDecimal(index === parts - 1 ? total - part * BigInt(parts - 1) : part)),
  );
}

function safeSum(entries: readonly string[]): string | null {
  try {
    return wanToDecimal(sumWan(entries.map((entry) => parseWan(entry.trim() || '0'))));
  } catch {
    return null;
  }
}

/** The monthly/quarterly spread with its exact running total against the annual figure. */
function DistributionEditor({ form }: { form: FormInstance<YearPlanFormValues> }) {
  const { t } = useI18n();
  const kind = Form.useWatch('distributionKind', form) ?? 'none';
  const annual = Form.useWatch('plannedInvestment', form) ?? '';
  const entries = Form.useWatch('distribution', form) ?? [];
  const length = DISTRIBUTION_LENGTH[kind];
  if (length === 0) return null;
  const current = Array.from({ length }, (_, index) => entries[index] ?? '');
  const sum = safeSum(current);
  const check = checkDistribution(
    annual.trim() || '0',
    kind,
    current.map((entry) => entry.trim() || '0'),
  );
  const label = (index: number) =>
    kind === 'monthly' ? t('yearPlan.month', { n: index + 1 }) : t('yearPlan.quarter', { n: index + 1 });
  return (
    <div className="plan-distribution" data-testid="distribution">
      <Row gutter={[12, 0]}>
        {current.map((_, index) => (
          <Col key={index} xs={12} sm={8} md={kind === 'monthly' ? 4 : 6}>
            <Form.Item
              name={['distribution', index]}
              label={label(index)}
              rules={[{ pattern: MONEY_PATTERN, message: t('form.money') }]}
            >
              <Input inputMode="decimal" className="money" placeholder="0" aria-label={label(index)} />
            </Form.Item>
          </Col>
        ))}
      </Row>
      <Space wrap size={16}>
        <span data-testid="distribution-sum">
          {check.ok ? (
            <Typography.Text type="success">
              <CheckCircleFilled /> {t('yearPlan.sumOk', { sum: sum ? formatWanNumber(sum) : '—' })}
            </Typography.Text>
          ) : (
            <Typography.Text type="danger">
              <CloseCircleFilled /> {check.reason}
            </Typography.Text>
          )}
        </span>
        <Button
          size="small"
          onClick={() => {
            const spread = evenSpread(annual, length);
            if (spread) form.setFieldValue('distribution', spread);
          }}
        >
          {t('yearPlan.evenSpread')}
        </Button>
      </Space>
    </div>
  );
}

/** The fields of a project's year plan, shared by the year plan editor and the plan adjustment. */
export function YearPlanFields<Values extends YearPlanFormValues>({
  form: outer,
  disabled,
}: {
  form: FormInstance<Values>;
  disabled?: boolean;
}) {
  // The fields read and write only the year-plan part of a larger form (an adjustment adds a reason).
  const form = outer as unknown as FormInstance<YearPlanFormValues>;
  const { t } = useI18n();
  const annual = Form.useWatch('plannedInvestment', form);
  const yi = tryFormatYi(annual);
  return (
    <fieldset disabled={disabled} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item
            name="plannedInvestment"
            label={t('yearPlan.plannedInvestment')}
            rules={[
              { required: true, whitespace: true, message: t('yearPlan.plannedInvestmentRequired') },
              { pattern: MONEY_PATTERN, message: t('form.money') },
            ]}
            extra={yi ? t('form.moneyHint', { amount: yi }) : undefined}
          >
            <Input suffix="万元" inputMode="decimal" className="money" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item
            name="constructionType"
            label={t('yearPlan.constructionType')}
            rules={[{ required: true }]}
          >
            <Radio.Group
              optionType="button"
              options={CONSTRUCTION_TYPES.map((type) => ({
                value: type,
                label: t(`constructionType.${type}`),
              }))}
            />
          </Form.Item>
        </Col>
        <Col xs={12} md={4}>
          <Form.Item name="plannedStart" label={t('yearPlan.plannedStart')}>
            <DatePicker style={{ width: '100%' }} format="YYYY-MM-DD" />
          </Form.Item>
        </Col>
        <Col xs={12} md={4}>
          <Form.Item name="plannedCompletion" label={t('yearPlan.plannedCompletion')}>
            <DatePicker style={{ width: '100%' }} format="YYYY-MM-DD" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="progressGoal" label={t('yearPlan.progressGoal')}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={2000} />
      </Form.Item>
      <Form.Item name="distributionKind" label={t('yearPlan.distributionKind')}>
        <Radio.Group
          options={(['none', 'monthly', 'quarterly'] as const).map((kind) => ({
            value: kind,
            label: t(`distributionKind.${kind}`),
          }))}
        />
      </Form.Item>
      <DistributionEditor form={form} />
    </fieldset>
  );
}
