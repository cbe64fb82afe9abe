import { FUNDING_SOURCES, PROJECT_STAGES } from '@beacon/domain';
import { Alert, App, Col, Form, Input, InputNumber, Modal, Radio, Row, Select } from 'antd';
import { useState } from 'react';
import { ApiError } from '../../api/client.ts';
import { useReference } from '../../app/reference-context.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { tryFormatYi } from '../../lib/format.ts';
import { createIndicator, updateIndicator, type Indicator } from './admin-api.ts';
import { IndicatorConflictModal } from './indicator-conflict-modal.tsx';
import {
  bodyFromValues,
  EMPTY_VALUES,
  levelKey,
  MEASURES,
  measureKey,
  TARGET_LEVELS,
  valuesFromIndicator,
  type IndicatorFormValues,
} from './indicator-form-values.ts';

const CODE_PATTERN = /^[a-z][a-z0-9_]{1,62}$/;
const MONEY_PATTERN = /^\d{1,14}(\.\d{1,4})?$/;
const MONTHS = Array.from({ length: 12 }, (_, index) => index + 1);

type Props = {
  /** Null to create a new indicator. */
  indicator: Indicator | null;
  /** Where a new indicator goes in the table: after the others. */
  nextSortOrder: number;
  onSaved: (indicator: Indicator) => void;
  onClose: () => void;
};

/** Create or edit an indicator; a stale edit gets the conflict dialog with the other person's values. */
export function IndicatorFormModal({ indicator, nextSortOrder, onSaved, onClose }: Props) {
  const { t, labels } = useI18n();
  const { message } = App.useApp();
  const reference = useReference();
  const [form] = Form.useForm<IndicatorFormValues>();
  const [base, setBase] = useState<Indicator | null>(indicator);
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<{ current: Indicator; yours: IndicatorFormValues } | null>(null);
  const measure = Form.useWatch('measure', form);
  const minTotal = Form.useWatch('minTotalInvestment', form);
  const editing = base !== null;

  const save = async (values: IndicatorFormValues) => {
    setSaving(true);
    setFormError(null);
    try {
      const body = bodyFromValues(values);
      const saved = base
        ? await updateIndicator(base.code, { ...body, version: base.version })
        : await createIndicator({ ...body, code: values.code.trim() });
      message.success(t(base ? 'indicatorAdmin.saved' : 'indicatorAdmin.created'));
      onSaved(saved);
    } catch (error) {
      if (error instanceof ApiError && error.status === 409 && error.current && base) {
        setConflict({ current: error.current as Indicator, yours: values });
      } else if (error instanceof ApiError) {
        setFormError(
          [
            error.message,
            ...error.details.map((detail) => `${detail.field ?? ''} ${detail.reason}`.trim()),
          ].join('；'),
        );
      } else {
        setFormError(String(error));
      }
    } finally {
      setSaving(false);
    }
  };

  const reloadLatest = () => {
    if (!conflict) return;
    setBase(conflict.current);
    form.resetFields();
    form.setFieldsValue(valuesFromIndicator(conflict.current));
    setConflict(null);
    message.info(t('conflict.reloaded'));
  };

  const selectProps = { mode: 'multiple', allowClear: true, placeholder: t('indicatorAdmin.any') } as const;
  const yi = tryFormatYi(minTotal);

  return (
    <Modal
      open
      width={760}
      title={editing ? `${t('indicatorAdmin.edit')} · ${base.name}` : t('indicatorAdmin.new')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      mask={{ closable: false }}
      okButtonProps={{ 'data-testid': 'indicator-save' } as Record<string, string>}
    >
      {formError && (
        <Alert
          type="error"
          showIcon
          title={formError}
          style={{ marginBottom: 12 }}
          data-testid="indicator-form-error"
        />
      )}
      <Form<IndicatorFormValues>
        form={form}
        layout="vertical"
        initialValues={
          indicator ? valuesFromIndicator(indicator) : { ...EMPTY_VALUES, sortOrder: nextSortOrder }
        }
        onFinish={(values) => void save(values)}
        data-testid="indicator-form"
      >
        <Row gutter={16}>
          <Col span={10}>
            <Form.Item
              name="code"
              label={t('indicatorAdmin.code')}
              extra={editing ? undefined : t('indicatorAdmin.codeRule')}
              rules={[
                { required: true, message: t('form.required', { label: t('indicatorAdmin.code') }) },
                { pattern: CODE_PATTERN, message: t('indicatorAdmin.codeRule') },
              ]}
            >
              <Input disabled={editing} maxLength={63} />
            </Form.Item>
          </Col>
          <Col span={14}>
            <Form.Item
              name="name"
              label={t('indicatorAdmin.name')}
              rules={[
                {
                  required: true,
                  whitespace: true,
                  message: t('form.required', { label: t('indicatorAdmin.name') }),
                },
              ]}
            >
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col span={10}>
            <Form.Item name="measure" label={t('indicatorAdmin.measure')} rules={[{ required: true }]}>
              <Select options={MEASURES.map((value) => ({ value, label: t(measureKey(value)) }))} />
            </Form.Item>
          </Col>
          <Col span={14}>
            <Form.Item
              name="targetLevel"
              label={t('indicatorAdmin.targetLevel')}
              rules={[{ required: true }]}
            >
              <Radio.Group
                optionType="button"
                options={TARGET_LEVELS.map((value) => ({ value, label: t(levelKey(value)) }))}
              />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="sectors" label={t('indicatorAdmin.sectors')}>
              <Select
                {...selectProps}
                options={reference.sectors.map((sector) => ({ value: sector.code, label: sector.name }))}
                data-testid="indicator-sectors"
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="fundingSources" label={t('indicatorAdmin.funding')}>
              <Select
                {...selectProps}
                options={FUNDING_SOURCES.map((value) => ({ value, label: labels.funding[value] }))}
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="lists" label={t('indicatorAdmin.lists')}>
              <Select
                {...selectProps}
                options={reference.lists.map((list) => ({ value: list.code, label: list.name }))}
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="stages" label={t('indicatorAdmin.stages')}>
              <Select
                {...selectProps}
                options={PROJECT_STAGES.map((value) => ({ value, label: labels.stage[value] }))}
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="highTech" label={t('indicatorAdmin.highTech')}>
              <Radio.Group
                optionType="button"
                options={[
                  { value: 'any', label: t('indicatorAdmin.any') },
                  { value: 'yes', label: t('common.yes') },
                  { value: 'no', label: t('common.no') },
                ]}
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="minTotalInvestment"
              label={t('indicatorAdmin.minTotal')}
              extra={yi ? t('form.moneyHint', { amount: yi }) : undefined}
              rules={[{ pattern: MONEY_PATTERN, message: t('form.money') }]}
            >
              <Input inputMode="decimal" placeholder={t('indicatorAdmin.any')} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          {measure === 'count_started' && (
            <Col span={12}>
              <Form.Item label={t('indicatorAdmin.window')} style={{ marginBottom: 0 }}>
                <Row gutter={8}>
                  <Col span={12}>
                    <Form.Item name="windowFrom">
                      <Select
                        allowClear
                        placeholder={t('indicatorAdmin.windowFrom')}
                        options={MONTHS.map((month) => ({
                          value: month,
                          label: t('indicators.monthOption', { month }),
                        }))}
                      />
                    </Form.Item>
                  </Col>
                  <Col span={12}>
                    <Form.Item
                      name="windowTo"
                      dependencies={['windowFrom']}
                      rules={[
                        ({ getFieldValue }) => ({
                          validator: (_rule, to: number | null | undefined) => {
                            const from = getFieldValue('windowFrom') as number | null | undefined;
                            const bothOrNone = Boolean(from) === Boolean(to);
                            return bothOrNone && (!from || !to || from <= to)
                              ? Promise.resolve()
                              : Promise.reject(new Error(t('indicatorAdmin.windowInvalid')));
                          },
                        }),
                      ]}
                    >
                      <Select
                        allowClear
                        placeholder={t('indicatorAdmin.windowTo')}
                        options={MONTHS.map((month) => ({
                          value: month,
                          label: t('indicators.monthOption', { month }),
                        }))}
                      />
                    </Form.Item>
                  </Col>
                </Row>
              </Form.Item>
            </Col>
          )}
          <Col span={6}>
            <Form.Item name="sortOrder" label={t('indicatorAdmin.sortOrder')}>
              <InputNumber min={0} max={1_000_000} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
      {conflict && (
        <IndicatorConflictModal
          current={conflict.current}
          yours={conflict.yours}
          onReload={reloadLatest}
          onKeepEditing={() => setConflict(null)}
        />
      )}
    </Modal>
  );
}
