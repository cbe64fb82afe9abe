import { DeleteOutlined, SaveOutlined } from '@ant-design/icons';
import { resolveTarget, type IndicatorTarget } from '@beacon/domain';
import { Alert, App, Button, Input, Popconfirm, Select, Space, Table, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { ApiError } from '../../api/client.ts';
import { useReference } from '../../app/reference-context.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import type { MessageKey } from '../../i18n/dictionary.ts';
import { deleteTarget, listTargets, putTarget, type Indicator, type Target } from './admin-api.ts';
import type { TargetValue } from './indicator-api.ts';
import { targetText } from './indicator-format.tsx';

type Kind = TargetValue['kind'];
type Draft = { kind: Kind; text: string };
type Line = { key: string; region: string | null; name: string; saved: Target | undefined };

const DEFAULT_KEY = 'default';
const PATTERNS: Record<Kind, RegExp> = {
  growth: /^-?\d{1,6}(\.\d{1,2})?$/,
  amount: /^\d{1,14}(\.\d{1,4})?$/,
  count: /^\d{1,7}$/,
};
const INVALID: Record<Kind, MessageKey> = {
  growth: 'indicatorAdmin.invalidGrowth',
  amount: 'indicatorAdmin.invalidAmount',
  count: 'indicatorAdmin.invalidCount',
};
const kindKey = (kind: Kind): MessageKey => `indicatorAdmin.kind.${kind}`;

/** "12.0000" → "12": the stored scale is noise in an input box. */
const trimDecimal = (value: string) =>
  value.includes('.') ? value.replace(/0+$/, '').replace(/\.$/, '') : value;

function draftOf(value: TargetValue): Draft {
  switch (value.kind) {
    case 'growth':
      return { kind: 'growth', text: trimDecimal(value.pct) };
    case 'amount':
      return { kind: 'amount', text: trimDecimal(value.wan) };
    case 'count':
      return { kind: 'count', text: String(value.count) };
  }
}

function valueOf(draft: Draft): TargetValue {
  const text = draft.text.trim();
  if (draft.kind === 'growth') return { kind: 'growth', pct: text };
  if (draft.kind === 'amount') return { kind: 'amount', wan: text };
  return { kind: 'count', count: Number(text) };
}

/**
 * The targets of one indicator for one year, one line per region plus the citywide default, each
 * saved on its own (policy §1: targets are per indicator, region and year). The "in effect" column
 * applies the domain's resolution rule, so it shows what the indicator table will compare against.
 */
export function TargetsEditor({ indicator, year }: { indicator: Indicator; year: number }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const reference = useReference();
  const [targets, setTargets] = useState<Target[]>([]);
  const [drafts, setDrafts] = useState<Record<string, Draft>>({});
  const [loading, setLoading] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const count = indicator.measure !== 'sum_completed';
  const kinds: Kind[] = count ? ['count'] : ['growth', 'amount'];

  const load = useCallback(async () => {
    setLoading(true);
    setError(null);
    try {
      const result = await listTargets(indicator.code, year);
      setTargets(result.items);
      setDrafts({});
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : String(caught));
    } finally {
      setLoading(false);
    }
  }, [indicator.code, year]);

  useEffect(() => {
    void load();
  }, [load]);

  const lines: Line[] = useMemo(
    () => [
      {
        key: DEFAULT_KEY,
        region: null,
        name: t('indicatorAdmin.defaultRow'),
        saved: targets.find((target) => target.region === null),
      },
      // The same regions as the indicator table, the city's own projects (市本级) among them.
      ...reference.regions.map((region) => ({
        key: region.code,
        region: region.code,
        name: region.kind === 'city' ? t('indicators.cityLevel', { name: region.name }) : region.name,
        saved: targets.find((target) => target.region === region.code),
      })),
    ],
    [targets, reference.regions, t],
  );

  const domainTargets: IndicatorTarget[] = targets.map((target) => ({
    indicator: target.indicator,
    region: target.region,
    year: target.year,
    value: target.value,
  }));
  const definition = {
    code: indicator.code,
    name: indicator.name,
    measure: indicator.measure,
    targetLevel: indicator.targetLevel,
    filter: {},
  };

  const draftFor = (line: Line): Draft =>
    drafts[line.key] ?? (line.saved ? draftOf(line.saved.value) : { kind: kinds[0] ?? 'growth', text: '' });
  const dirty = (line: Line) => {
    const draft = draftFor(line);
    if (!line.saved) return draft.text.trim() !== '';
    const saved = draftOf(line.saved.value);
    return saved.kind !== draft.kind || saved.text !== draft.text.trim();
  };
  const invalid = (draft: Draft) => draft.text.trim() !== '' && !PATTERNS[draft.kind].test(draft.text.trim());
  const edit = (line: Line, change: Partial<Draft>) =>
    setDrafts((current) => ({ ...current, [line.key]: { ...draftFor(line), ...change } }));

  const conflictOr = async (caught: unknown) => {
    if (caught instanceof ApiError && caught.status === 409) {
      message.warning(t('indicatorAdmin.targetConflict'));
      await load();
    } else {
      message.error(caught instanceof ApiError ? caught.message : String(caught));
    }
  };

  const save = async (line: Line) => {
    const draft = draftFor(line);
    if (draft.text.trim() === '' || invalid(draft)) return;
    setBusy(line.key);
    try {
      const saved = await putTarget(indicator.code, {
        year,
        region: line.region,
        value: valueOf(draft),
        ...(line.saved ? { version: line.saved.version } : {}),
      });
      setTargets((current) => [...current.filter((target) => target.id !== saved.id), saved]);
      setDrafts((current) => {
        const next = { ...current };
        delete next[line.key];
        return next;
      });
      message.success(t('indicatorAdmin.targetSaved'));
    } catch (caught) {
      await conflictOr(caught);
    } finally {
      setBusy(null);
    }
  };

  const remove = async (line: Line) => {
    if (!line.saved) return;
    const saved = line.saved;
    setBusy(line.key);
    try {
      await deleteTarget(indicator.code, saved);
      setTargets((current) => current.filter((target) => target.id !== saved.id));
      message.success(t('indicatorAdmin.targetRemoved'));
    } catch (caught) {
      await conflictOr(caught);
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Table<Line>
        rowKey="key"
        size="small"
        loading={loading}
        pagination={false}
        dataSource={lines}
        data-testid="targets-table"
        rowClassName={(line) => (line.region === null ? 'indicator-city-row' : '')}
        onRow={(line) => ({ 'data-testid': `target-row-${line.key}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('indicatorAdmin.targetRegion'), dataIndex: 'name', key: 'region', width: 160 },
          {
            title: t('indicatorAdmin.kind'),
            key: 'kind',
            width: 170,
            render: (_value, line) =>
              kinds.length === 1 ? (
                t(kindKey(kinds[0]!))
              ) : (
                <Select<Kind>
                  size="small"
                  value={draftFor(line).kind}
                  onChange={(kind) => edit(line, { kind })}
                  options={kinds.map((kind) => ({ value: kind, label: t(kindKey(kind)) }))}
                  style={{ width: 150 }}
                  aria-label={t('indicatorAdmin.kind')}
                />
              ),
          },
          {
            title: t('indicatorAdmin.value'),
            key: 'value',
            width: 220,
            render: (_value, line) => {
              const draft = draftFor(line);
              const bad = invalid(draft);
              return (
                <Space orientation="vertical" size={0}>
                  <Input
                    size="small"
                    value={draft.text}
                    status={bad ? 'error' : undefined}
                    inputMode="decimal"
                    onChange={(event) => edit(line, { text: event.target.value })}
                    onPressEnter={() => void save(line)}
                    placeholder={t('indicatorAdmin.noTarget')}
                    style={{ width: 180 }}
                    aria-label={`${line.name} ${t('indicatorAdmin.value')}`}
                    data-testid={`target-value-${line.key}`}
                  />
                  {bad && <Typography.Text type="danger">{t(INVALID[draft.kind])}</Typography.Text>}
                </Space>
              );
            },
          },
          {
            title: t('indicatorAdmin.effective'),
            key: 'effective',
            render: (_value, line) => {
              const effective = resolveTarget(domainTargets, definition, year, line.region);
              if (effective === null) return <Typography.Text type="secondary">—</Typography.Text>;
              return (
                <span>
                  {targetText(effective, t)}
                  {!line.saved && (
                    <Typography.Text type="secondary" style={{ marginLeft: 6 }}>
                      （{t('indicatorAdmin.inherited')}）
                    </Typography.Text>
                  )}
                </span>
              );
            },
          },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 170,
            render: (_value, line) => (
              <Space size={4}>
                <Button
                  size="small"
                  type="primary"
                  icon={<SaveOutlined />}
                  disabled={!dirty(line) || invalid(draftFor(line)) || draftFor(line).text.trim() === ''}
                  loading={busy === line.key}
                  onClick={() => void save(line)}
                  data-testid={`target-save-${line.key}`}
                >
                  {t('common.save')}
                </Button>
                {line.saved && (
                  <Popconfirm title={t('indicatorAdmin.removeConfirm')} onConfirm={() => void remove(line)}>
                    <Button size="small" danger icon={<DeleteOutlined />} disabled={busy === line.key}>
                      {t('indicatorAdmin.removeTarget')}
                    </Button>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]}
      />
    </>
  );
}
