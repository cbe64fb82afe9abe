import {
  Alert,
  App,
  Button,
  Col,
  Divider,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Row,
  Select,
  Space,
  Switch,
  Table,
  Typography,
} from 'antd';
import { useState, type ReactNode } from 'react';
import { ApiError, type ErrorDetail } from '../../api/client.ts';
import { useReference } from '../../app/reference-context.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { ruleLines } from './rule-text.ts';
import { rulesFromValues, valuesFromRules, type RuleFormValues } from './rule-form-values.ts';
import { putRuleSet, type RuleSet, type Rules } from './warning-api.ts';

export const CITY_SCOPE = '__city__';

type Current = { code: string; name: string; rules: Rules; version: number };

type Props = {
  year: number;
  /** The scope being edited; with `scopeChoices` the user picks a region first. */
  initial: RuleFormValues;
  scopeChoices?: { value: string; label: string }[];
  /** The stored row of a scope, for its version; none when the scope has no row of its own yet. */
  rowOf: (scope: string) => RuleSet | undefined;
  onSaved: () => void;
  onClose: () => void;
};

const opOptions = (t: ReturnType<typeof useI18n>['t']) => [
  { value: '>', label: t('warningRules.opGt') },
  { value: '>=', label: t('warningRules.opGe') },
];

/** Custom thresholds for a year (city-wide or one region); the server checks them again. */
export function RuleFormModal({ year, initial, scopeChoices, rowOf, onSaved, onClose }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const reference = useReference();
  const [form] = Form.useForm<RuleFormValues>();
  const [saving, setSaving] = useState(false);
  const [problems, setProblems] = useState<{ title: string; details: ErrorDetail[] } | null>(null);
  const [conflict, setConflict] = useState<{ current: Current; yours: RuleFormValues } | null>(null);
  const [versionOverride, setVersionOverride] = useState<number | null>(null);
  // Switched-off dimensions keep their numbers in the store, so switching back restores them.
  const values = Form.useWatch([], { form, preserve: true }) as RuleFormValues | undefined;
  const scopeName = (scope: string) =>
    scope === CITY_SCOPE ? t('warningRules.cityWide') : reference.regionName(scope);

  const save = async (fields: RuleFormValues) => {
    const submitted: RuleFormValues = { ...initial, ...form.getFieldsValue(true), ...fields };
    setSaving(true);
    setProblems(null);
    const regionCode = submitted.scope === CITY_SCOPE ? null : submitted.scope;
    const version = versionOverride ?? rowOf(submitted.scope)?.version ?? undefined;
    try {
      await putRuleSet({
        year,
        regionCode,
        code: 'custom',
        name: submitted.name.trim(),
        rules: rulesFromValues(submitted),
        ...(version === undefined || version === null ? {} : { version }),
      });
      message.success(t('warningRules.saved'));
      onSaved();
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === 'VERSION_CONFLICT' && caught.current) {
        setConflict({ current: caught.current as Current, yours: submitted });
      } else if (caught instanceof ApiError) {
        setProblems({ title: caught.message, details: caught.details });
      } else {
        setProblems({ title: String(caught), details: [] });
      }
    } finally {
      setSaving(false);
    }
  };

  const on = (name: keyof RuleFormValues) => Boolean(values?.[name]);
  const months = { min: 0, max: 120, precision: 0, style: { width: 120 } } as const;

  return (
    <>
      <Modal
        open
        width={760}
        title={t('warningRules.editTitle', { scope: scopeName(values?.scope ?? initial.scope) })}
        okText={t('common.save')}
        confirmLoading={saving}
        onOk={() => form.submit()}
        onCancel={onClose}
        okButtonProps={{ 'data-testid': 'rule-save' }}
      >
        <Form<RuleFormValues>
          form={form}
          layout="vertical"
          initialValues={initial}
          onFinish={(submitted) => void save(submitted)}
          data-testid="rule-form"
          requiredMark={false}
        >
          {!scopeChoices && (
            <Form.Item name="scope" hidden>
              <Input />
            </Form.Item>
          )}
          <Row gutter={16}>
            {scopeChoices && (
              <Col span={10}>
                <Form.Item name="scope" label={t('warningRules.scope')} rules={[{ required: true }]}>
                  <Select options={scopeChoices} data-testid="rule-scope" />
                </Form.Item>
              </Col>
            )}
            <Col span={scopeChoices ? 14 : 24}>
              <Form.Item name="name" label={t('warningRules.name')} rules={[{ required: true, max: 100 }]}>
                <Input />
              </Form.Item>
            </Col>
          </Row>

          <Dimension title={t('dimension.investment_progress')} name="ipOn">
            {on('ipOn') && (
              <>
                <Form.Item name="ipBasis">
                  <Radio.Group
                    options={[
                      { value: 'points', label: t('warningRules.basisPoints') },
                      { value: 'share', label: t('warningRules.basisShare') },
                    ]}
                  />
                </Form.Item>
                <Space size={24} wrap>
                  <Form.Item label={t('warningRules.yellowFrom')}>
                    <Space.Compact>
                      <Form.Item name="ipYellowOp" noStyle>
                        <Select options={opOptions(t)} style={{ width: 90 }} />
                      </Form.Item>
                      <Form.Item name="ipYellowValue" noStyle rules={[{ required: true }]}>
                        <Input style={{ width: 90 }} data-testid="rule-ip-yellow" />
                      </Form.Item>
                    </Space.Compact>
                  </Form.Item>
                  <Form.Item label={t('warningRules.redFrom')}>
                    <Space.Compact>
                      <Form.Item name="ipRedOp" noStyle>
                        <Select options={opOptions(t)} style={{ width: 90 }} />
                      </Form.Item>
                      <Form.Item name="ipRedValue" noStyle rules={[{ required: true }]}>
                        <Input style={{ width: 90 }} data-testid="rule-ip-red" />
                      </Form.Item>
                    </Space.Compact>
                  </Form.Item>
                </Space>
              </>
            )}
          </Dimension>

          <Dimension title={t('dimension.start_of_work')} name="startOn">
            {on('startOn') && (
              <Space size={24} wrap>
                <Form.Item name="startYellow" label={t('warningRules.startYellow')}>
                  <InputNumber {...months} />
                </Form.Item>
                <Form.Item name="startRed" label={t('warningRules.startRed')}>
                  <InputNumber {...months} />
                </Form.Item>
              </Space>
            )}
          </Dimension>

          <Dimension title={t('dimension.milestones')} name="milestonesOn">
            {on('milestonesOn') && (
              <Form.Item name="milestoneDays" label={t('warningRules.milestoneRed')}>
                <InputNumber min={0} max={3650} precision={0} style={{ width: 120 }} />
              </Form.Item>
            )}
          </Dimension>

          <Dimension title={t('dimension.reporting')} name="reportingOn">
            {on('reportingOn') && (
              <Space size={24} wrap>
                <Form.Item name="reportingYellow" label={t('warningRules.reportingYellow')}>
                  <InputNumber {...months} />
                </Form.Item>
                <Form.Item name="reportingRed" label={t('warningRules.reportingRed')}>
                  <InputNumber {...months} />
                </Form.Item>
              </Space>
            )}
          </Dimension>

          <Dimension title={t('dimension.stats_register')} name="statsOn">
            {on('statsOn') && (
              <Space size={24} wrap>
                <Form.Item name="statsYellow" label={t('warningRules.statsYellow')}>
                  <InputNumber {...months} />
                </Form.Item>
                <Form.Item name="statsRed" label={t('warningRules.statsRed')}>
                  <InputNumber {...months} />
                </Form.Item>
              </Space>
            )}
          </Dimension>

          <Divider style={{ margin: '8px 0 12px' }} />
          <Space size={24} wrap align="start">
            <Form.Item name="combination" label={t('warningRules.combination')}>
              <Radio.Group
                options={[
                  { value: 'worst', label: t('warningRules.combinationWorst') },
                  { value: 'escalate', label: t('warningRules.combinationEscalate') },
                ]}
              />
            </Form.Item>
            {values?.combination === 'escalate' && (
              <Form.Item name="yellowsForRed" label={t('warningRules.yellowsForRed')}>
                <InputNumber min={2} max={5} precision={0} style={{ width: 100 }} />
              </Form.Item>
            )}
          </Space>
          <Form.Item name="regionMisses" label={t('warningRules.regionMisses')}>
            <InputNumber min={1} max={12} precision={0} style={{ width: 100 }} />
          </Form.Item>
        </Form>
        {values && (
          <Alert
            type="info"
            style={{ marginBottom: 12 }}
            title={
              <ul className="rule-lines" data-testid="rule-preview">
                {ruleLines(rulesFromValues(values), t).map((line) => (
                  <li key={line.key}>
                    <span className="rule-label">{line.label}</span>
                    {line.text}
                  </li>
                ))}
              </ul>
            }
          />
        )}
        {problems && (
          <Alert
            type="error"
            showIcon
            title={problems.title}
            description={
              problems.details.length > 0 && (
                <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                  {problems.details.map((detail, index) => (
                    <li key={index}>{detail.reason}</li>
                  ))}
                </ul>
              )
            }
            data-testid="rule-problems"
          />
        )}
      </Modal>
      {conflict && (
        <RuleConflictModal
          current={conflict.current}
          yours={rulesFromValues(conflict.yours)}
          onKeepEditing={() => setConflict(null)}
          onReload={() => {
            form.setFieldsValue(
              valuesFromRules(
                conflict.current.rules,
                conflict.yours.scope,
                // Saving from here makes custom thresholds, whatever set they were.
                conflict.current.code === 'custom'
                  ? conflict.current.name
                  : t('warningRules.customName', { name: conflict.current.name }),
              ),
            );
            setVersionOverride(conflict.current.version);
            setConflict(null);
            message.info(t('conflict.reloaded'));
          }}
        />
      )}
    </>
  );
}

function Dimension({
  title,
  name,
  children,
}: {
  title: string;
  name: keyof RuleFormValues;
  children: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <div className="rule-dimension">
      <div className="rule-dimension__head">
        <Typography.Text strong>{title}</Typography.Text>
        <Form.Item name={name} valuePropName="checked" noStyle>
          <Switch size="small" aria-label={`${title} ${t('warningRules.enabled')}`} />
        </Form.Item>
      </div>
      <div className="rule-dimension__body">{children}</div>
    </div>
  );
}

/** Shown on 409: the rules someone saved meanwhile next to these, dimension by dimension. */
function RuleConflictModal({
  current,
  yours,
  onReload,
  onKeepEditing,
}: {
  current: Current;
  yours: Rules;
  onReload: () => void;
  onKeepEditing: () => void;
}) {
  const { t } = useI18n();
  const theirs = ruleLines(current.rules, t);
  const mine = ruleLines(yours, t);
  const rows = mine
    .map((line, index) => ({
      key: line.key,
      label: line.label,
      yours: line.text,
      theirs: theirs[index]!.text,
    }))
    .filter((row) => row.yours !== row.theirs);
  return (
    <Modal
      open
      width={760}
      title={t('warningRules.conflictTitle')}
      closable={false}
      mask={{ closable: false }}
      footer={[
        <Button key="keep" onClick={onKeepEditing}>
          {t('conflict.keep')}
        </Button>,
        <Button key="reload" type="primary" onClick={onReload} data-testid="conflict-reload">
          {t('conflict.reload')}
        </Button>,
      ]}
    >
      <Alert
        type="warning"
        showIcon
        title={t('warningRules.conflictBody', { version: current.version })}
        description={`${t('warningRules.ruleSet')}：${current.name}`}
        style={{ marginBottom: 12 }}
      />
      <Table
        size="small"
        rowKey="key"
        pagination={false}
        dataSource={rows}
        locale={{ emptyText: t('conflict.noFieldDiff') }}
        columns={[
          { title: t('warningRules.dimension'), dataIndex: 'label', width: 110 },
          { title: t('conflict.yours'), dataIndex: 'yours' },
          {
            title: t('conflict.theirs'),
            dataIndex: 'theirs',
            render: (value: string) => <strong style={{ color: '#d4380d' }}>{value}</strong>,
          },
        ]}
      />
    </Modal>
  );
}
