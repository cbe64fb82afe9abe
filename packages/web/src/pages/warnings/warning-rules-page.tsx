import { AuditOutlined, EditOutlined, PlusOutlined, SwapOutlined } from '@ant-design/icons';
import { shanghaiYear } from '@beacon/domain';
import {
  Alert,
  App,
  Button,
  Descriptions,
  Empty,
  Modal,
  Select,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../api/client.ts';
import { useReference } from '../../app/reference-context.tsx';
import { useUser } from '../../auth/auth-context.tsx';
import { canWarnings, isAdmin } from '../../auth/permissions.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { CITY_SCOPE, RuleFormModal } from './rule-form-modal.tsx';
import { valuesFromRules, type RuleFormValues } from './rule-form-values.ts';
import { ruleLines } from './rule-text.ts';
import { fetchRuleSets, putRuleSet, type RuleSet, type RuleSetList, type Rules } from './warning-api.ts';
import './warnings.css';

/** The audit log filtered to warning-rule changes. */
const AUDIT_LINK = '/audit?action=warning_rules';

type Editing = { initial: RuleFormValues; choose: boolean };
type Switching = { scope: string };

/**
 * 预警规则: the thresholds of the traffic lights for a year, in words, for the whole city and any
 * region with its own. The city command switches to a published set or edits the thresholds;
 * everyone else reads what the lights of the bulletins are based on.
 */
export default function WarningRulesPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const user = useUser();
  const reference = useReference();
  const [params, setParams] = useSearchParams();
  const thisYear = shanghaiYear(new Date());
  const year = Number(params.get('year')) || thisYear;
  const [data, setData] = useState<RuleSetList | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [switching, setSwitching] = useState<Switching | null>(null);
  const manage = canWarnings(user.role, 'manage');

  const load = useCallback(async () => {
    setLoading(true);
    setError(null);
    try {
      setData(await fetchRuleSets(year));
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : String(caught));
    } finally {
      setLoading(false);
    }
  }, [year]);

  useEffect(() => {
    void load();
  }, [load]);

  const city = data?.ruleSets.find((set) => set.regionCode === null);
  const regionRows = data?.ruleSets.filter((set) => set.regionCode !== null) ?? [];
  const shippedOf = (code: string) => data?.shipped.find((set) => set.code === code);
  // Without a row of its own a year runs on the platform default, the first shipped set.
  const cityRules: Rules | undefined = city?.rules ?? data?.shipped[0]?.rules;
  const rowOf = (scope: string) => data?.ruleSets.find((set) => (set.regionCode ?? CITY_SCOPE) === scope);
  const scopeName = (scope: string) =>
    scope === CITY_SCOPE ? t('warningRules.cityWide') : reference.regionName(scope);
  const years = Array.from({ length: 8 }, (_, index) => thisYear + 1 - index);

  const edit = (set: RuleSet | undefined, scope: string, choose = false) => {
    const rules = set?.rules ?? cityRules;
    if (!rules) return;
    setEditing({ initial: valuesFromRules(rules, scope, customName(set ?? city)), choose });
  };
  // Edited thresholds are no longer the published set they started from, so the name says so.
  const customName = (base: RuleSet | undefined) =>
    base?.code === 'custom'
      ? base.name
      : t('warningRules.customName', { name: base?.name ?? data?.shipped[0]?.name ?? '' });

  const freeRegions = reference.projectRegions
    .filter((region) => !regionRows.some((row) => row.regionCode === region.code))
    .map((region) => ({ value: region.code, label: region.name }));

  return (
    <div>
      <div className="page-header">
        <Typography.Title level={4}>{t('warningRules.title')}</Typography.Title>
        <Space wrap>
          <Select
            value={year}
            onChange={(picked: number) => setParams({ year: String(picked) })}
            options={years.map((value) => ({ value, label: t('warnings.yearOption', { year: value }) }))}
            style={{ width: 110 }}
            aria-label={t('warnings.year')}
            data-testid="rules-year"
          />
          {isAdmin(user.role) && (
            <Link to={AUDIT_LINK} data-testid="rules-audit-link">
              <Button icon={<AuditOutlined />}>{t('warningRules.audit')}</Button>
            </Link>
          )}
        </Space>
      </div>
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <div className="page-card">
          <Typography.Paragraph type="secondary">{t('warningRules.intro')}</Typography.Paragraph>
          {!manage && (
            <Alert type="info" showIcon title={t('warningRules.readOnly')} style={{ marginBottom: 12 }} />
          )}
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
          <Spin spinning={loading}>
            {data && cityRules && (
              <Descriptions
                bordered
                size="small"
                column={1}
                data-testid="rules-city"
                title={
                  <Space>
                    {t('warningRules.inForce', { year })}
                    <Tag color="blue" data-testid="rules-city-name">
                      {city?.name ?? data.shipped[0]?.name}
                    </Tag>
                    {city?.version && (
                      <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
                        {t('warningRules.version', { version: city.version })}
                      </Typography.Text>
                    )}
                  </Space>
                }
                extra={
                  manage && (
                    <Space>
                      <Button
                        icon={<SwapOutlined />}
                        onClick={() => setSwitching({ scope: CITY_SCOPE })}
                        data-testid="rules-switch"
                      >
                        {t('warningRules.switch')}
                      </Button>
                      <Button
                        type="primary"
                        icon={<EditOutlined />}
                        onClick={() => edit(city, CITY_SCOPE)}
                        data-testid="rules-edit"
                      >
                        {t('warningRules.edit')}
                      </Button>
                    </Space>
                  )
                }
                items={[
                  {
                    key: 'basis',
                    label: t('warningRules.basis'),
                    children: city
                      ? (shippedOf(city.code)?.basis ?? t('warningRules.customBasis'))
                      : t('warningRules.defaultRow'),
                  },
                  ...ruleLines(cityRules, t).map((line) => ({
                    key: line.key,
                    label: line.label,
                    children: <span data-testid={`rule-line-${line.key}`}>{line.text}</span>,
                  })),
                ]}
                styles={{ label: { width: 120 } }}
              />
            )}
          </Spin>
        </div>
        <div className="page-card">
          <div className="page-header" style={{ marginBottom: 8 }}>
            <Space orientation="vertical" size={0}>
              <Typography.Title level={5} style={{ margin: 0 }}>
                {t('warningRules.regionRules')}
              </Typography.Title>
              <Typography.Text type="secondary">{t('warningRules.regionRulesHint')}</Typography.Text>
            </Space>
            {manage && freeRegions.length > 0 && (
              <Button
                icon={<PlusOutlined />}
                onClick={() =>
                  cityRules &&
                  setEditing({
                    initial: valuesFromRules(cityRules, freeRegions[0]!.value, customName(city)),
                    choose: true,
                  })
                }
                data-testid="rules-add-region"
              >
                {t('warningRules.addRegion')}
              </Button>
            )}
          </div>
          <Table<RuleSet>
            rowKey={(set) => set.id ?? set.regionCode ?? ''}
            size="small"
            pagination={false}
            dataSource={regionRows}
            loading={loading}
            data-testid="rules-regions"
            locale={{ emptyText: <Empty description={t('warningRules.noRegionRules')} /> }}
            columns={[
              {
                title: t('warningRules.scope'),
                key: 'region',
                width: 140,
                render: (_, set) => reference.regionName(set.regionCode),
              },
              {
                title: t('warningRules.ruleSet'),
                key: 'name',
                width: 220,
                render: (_, set) => (
                  <Space orientation="vertical" size={0}>
                    <span>{set.name}</span>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {shippedOf(set.code)?.basis ?? t('warningRules.customBasis')}
                    </Typography.Text>
                  </Space>
                ),
              },
              {
                title: t('warningRules.summary'),
                key: 'rules',
                render: (_, set) => <RuleLines rules={set.rules} />,
              },
              ...(manage
                ? [
                    {
                      title: t('common.actions'),
                      key: 'actions',
                      width: 120,
                      render: (_: unknown, set: RuleSet) => (
                        <Space orientation="vertical" size={0}>
                          <Button
                            type="link"
                            size="small"
                            icon={<SwapOutlined />}
                            onClick={() => setSwitching({ scope: set.regionCode ?? CITY_SCOPE })}
                          >
                            {t('warningRules.switch')}
                          </Button>
                          <Button
                            type="link"
                            size="small"
                            icon={<EditOutlined />}
                            onClick={() => edit(set, set.regionCode ?? CITY_SCOPE)}
                          >
                            {t('warningRules.edit')}
                          </Button>
                        </Space>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        </div>
      </Space>
      {editing && (
        <RuleFormModal
          year={year}
          initial={editing.initial}
          scopeChoices={editing.choose ? freeRegions : undefined}
          rowOf={rowOf}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            void load();
          }}
        />
      )}
      {switching && data && (
        <SwitchModal
          year={year}
          scope={switching.scope}
          scopeName={scopeName(switching.scope)}
          shipped={data.shipped}
          current={rowOf(switching.scope)}
          onClose={() => setSwitching(null)}
          onSwitched={(name) => {
            setSwitching(null);
            message.success(t('warningRules.switched', { name }));
            void load();
          }}
        />
      )}
    </div>
  );
}

function RuleLines({ rules }: { rules: Rules }) {
  const { t } = useI18n();
  return (
    <ul className="rule-lines">
      {ruleLines(rules, t).map((line) => (
        <li key={line.key}>
          <span className="rule-label">{line.label}</span>
          {line.text}
        </li>
      ))}
    </ul>
  );
}

/** Switching to a published set: the set's basis and thresholds in words, and a note that it is audited. */
function SwitchModal({
  year,
  scope,
  scopeName,
  shipped,
  current,
  onClose,
  onSwitched,
}: {
  year: number;
  scope: string;
  scopeName: string;
  shipped: RuleSetList['shipped'];
  current: RuleSet | undefined;
  onClose: () => void;
  onSwitched: (name: string) => void;
}) {
  const { t } = useI18n();
  const [code, setCode] = useState(
    () => shipped.find((set) => set.code !== current?.code)?.code ?? shipped[0]?.code ?? '',
  );
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const chosen = shipped.find((set) => set.code === code);

  const submit = async () => {
    if (!chosen) return;
    setSaving(true);
    setFailure(null);
    try {
      await putRuleSet({
        year,
        regionCode: scope === CITY_SCOPE ? null : scope,
        code: chosen.code,
        ...(current?.version ? { version: current.version } : {}),
      });
      onSwitched(chosen.name);
    } catch (caught) {
      setFailure(caught instanceof ApiError ? caught.message : String(caught));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      width={720}
      title={`${t('warningRules.switchTitle')}（${year} · ${scopeName}）`}
      okText={t('warningRules.switchSubmit')}
      confirmLoading={saving}
      onOk={() => void submit()}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'rules-switch-confirm' }}
    >
      <Select
        value={code}
        onChange={setCode}
        options={shipped.map((set) => ({ value: set.code, label: set.name }))}
        style={{ width: 280, marginBottom: 12 }}
        data-testid="rules-switch-set"
      />
      {chosen && (
        <Descriptions
          bordered
          size="small"
          column={1}
          styles={{ label: { width: 110 } }}
          items={[
            { key: 'basis', label: t('warningRules.basis'), children: chosen.basis },
            ...ruleLines(chosen.rules, t).map((line) => ({
              key: line.key,
              label: line.label,
              children: line.text,
            })),
          ]}
        />
      )}
      <Alert type="warning" showIcon title={t('warningRules.switchAudited')} style={{ marginTop: 12 }} />
      {failure && <Alert type="error" showIcon title={failure} style={{ marginTop: 12 }} />}
    </Modal>
  );
}
