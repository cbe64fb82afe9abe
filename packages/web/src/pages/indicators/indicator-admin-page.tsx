import {
  AuditOutlined,
  CheckCircleOutlined,
  EditOutlined,
  LineChartOutlined,
  PlusOutlined,
  StopOutlined,
} from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Popconfirm,
  Result,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../api/client.ts';
import { useReference } from '../../app/reference-context.tsx';
import { useUser } from '../../auth/auth-context.tsx';
import { canManageIndicators, isAdmin } from '../../auth/permissions.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { deactivateIndicator, listIndicators, updateIndicator, type Indicator } from './admin-api.ts';
import { IndicatorFormModal } from './indicator-form-modal.tsx';
import { filterPhrases, levelKey, measureKey } from './indicator-form-values.ts';
import { lastClosedMonth } from './period.ts';
import { TargetsEditor } from './targets-editor.tsx';
import './indicators.css';

/** The audit log filtered to indicator and target changes (the prefix covers `indicator_target.` too). */
const AUDIT_LINK = '/audit?action=indicator';

export default function IndicatorAdminPage() {
  const { t, labels } = useI18n();
  const { message } = App.useApp();
  const user = useUser();
  const reference = useReference();
  const [params, setParams] = useSearchParams();
  const [indicators, setIndicators] = useState<Indicator[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [showInactive, setShowInactive] = useState(false);
  const [editing, setEditing] = useState<Indicator | 'new' | null>(null);
  const allowed = canManageIndicators(user.role);

  const thisYear = new Date().getFullYear();
  const year = Number(params.get('year')) || lastClosedMonth(new Date()).year;
  const years = Array.from({ length: 10 }, (_, index) => thisYear + 1 - index);

  const load = useCallback(async () => {
    setLoading(true);
    setError(null);
    try {
      setIndicators((await listIndicators()).items);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : String(caught));
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    if (allowed) void load();
  }, [allowed, load]);

  const active = useMemo(() => indicators.filter((indicator) => indicator.active), [indicators]);
  const selectedCode = params.get('indicator');
  const selected = active.find((indicator) => indicator.code === selectedCode) ?? active[0] ?? null;

  if (!allowed) return <Result status="403" title={t('common.forbidden')} />;

  const update = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(window.location.search);
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined || value === '') next.delete(key);
      else next.set(key, value);
    }
    setParams(next, { replace: true });
  };

  const deactivate = async (indicator: Indicator) => {
    try {
      await deactivateIndicator(indicator.code, indicator.version);
      message.success(t('indicatorAdmin.deactivated'));
    } catch (caught) {
      message.error(caught instanceof ApiError ? caught.message : String(caught));
    }
    await load();
  };

  const reactivate = async (indicator: Indicator) => {
    try {
      await updateIndicator(indicator.code, { version: indicator.version, active: true });
      message.success(t('indicatorAdmin.reactivated'));
    } catch (caught) {
      message.error(caught instanceof ApiError ? caught.message : String(caught));
    }
    await load();
  };

  const lookup = {
    sectorName: (code: string) => reference.sectors.find((sector) => sector.code === code)?.name ?? code,
    listName: reference.listName,
    labels,
    t,
  };

  const columns: TableColumnsType<Indicator> = [
    {
      title: t('indicatorAdmin.sortOrder'),
      dataIndex: 'sortOrder',
      key: 'sortOrder',
      width: 64,
      align: 'right',
    },
    {
      title: t('indicatorAdmin.name'),
      key: 'name',
      width: 230,
      render: (_value, indicator) => (
        <Space orientation="vertical" size={0}>
          <span>{indicator.name}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {indicator.code}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('indicatorAdmin.measure'),
      dataIndex: 'measure',
      key: 'measure',
      width: 120,
      render: (measure: Indicator['measure']) => t(measureKey(measure)),
    },
    {
      title: t('indicatorAdmin.targetLevel'),
      dataIndex: 'targetLevel',
      key: 'targetLevel',
      width: 120,
      render: (level: Indicator['targetLevel']) => t(levelKey(level)),
    },
    {
      title: t('indicatorAdmin.filter'),
      key: 'filter',
      render: (_value, indicator) => {
        const phrases = filterPhrases(indicator, lookup);
        return (
          <span className="indicator-filter-summary">
            {phrases.length === 0 ? (
              <Tag>{t('indicatorAdmin.allProjects')}</Tag>
            ) : (
              phrases.map((phrase) => (
                <Tag key={phrase} color="blue" variant="outlined">
                  {phrase}
                </Tag>
              ))
            )}
          </span>
        );
      },
    },
    {
      title: t('indicatorAdmin.status'),
      dataIndex: 'active',
      key: 'active',
      width: 80,
      render: (value: boolean) =>
        value ? (
          <Tag color="success">{t('indicatorAdmin.active')}</Tag>
        ) : (
          <Tag>{t('indicatorAdmin.inactive')}</Tag>
        ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 210,
      render: (_value, indicator) => (
        <Space size={0}>
          <Button
            type="link"
            size="small"
            icon={<EditOutlined />}
            onClick={() => setEditing(indicator)}
            data-testid={`indicator-edit-${indicator.code}`}
          >
            {t('common.edit')}
          </Button>
          {!indicator.active && (
            <Button
              type="link"
              size="small"
              icon={<CheckCircleOutlined />}
              onClick={() => void reactivate(indicator)}
              data-testid={`indicator-activate-${indicator.code}`}
            >
              {t('indicatorAdmin.reactivate')}
            </Button>
          )}
          {indicator.active && (
            <>
              <Button
                type="link"
                size="small"
                onClick={() => update({ indicator: indicator.code })}
                data-testid={`indicator-targets-${indicator.code}`}
              >
                {t('indicatorAdmin.targetsAction')}
              </Button>
              <Popconfirm
                title={t('indicatorAdmin.deactivateConfirm')}
                onConfirm={() => void deactivate(indicator)}
              >
                <Button type="link" size="small" danger icon={<StopOutlined />}>
                  {t('indicatorAdmin.deactivate')}
                </Button>
              </Popconfirm>
            </>
          )}
        </Space>
      ),
    },
  ];

  return (
    <div>
      <div className="page-header">
        <Typography.Title level={4}>{t('indicatorAdmin.title')}</Typography.Title>
        <Space wrap>
          <Link to="/indicators">
            <Button icon={<LineChartOutlined />}>{t('indicators.title')}</Button>
          </Link>
          {/* The audit log is the administrator's; the city command sees the changes in the table. */}
          {isAdmin(user.role) && (
            <Link to={AUDIT_LINK} data-testid="indicator-audit-link">
              <Button icon={<AuditOutlined />}>{t('indicatorAdmin.auditLink')}</Button>
            </Link>
          )}
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            {t('indicatorAdmin.new')}
          </Button>
        </Space>
      </div>
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <div className="page-card">
          <Typography.Paragraph type="secondary">{t('indicatorAdmin.intro')}</Typography.Paragraph>
          {error && (
            <Alert
              type="error"
              showIcon
              title={t('indicators.loadFailed')}
              description={error}
              style={{ marginBottom: 12 }}
            />
          )}
          <Space style={{ marginBottom: 8 }}>
            <Switch size="small" checked={showInactive} onChange={setShowInactive} />
            <Typography.Text>{t('indicatorAdmin.showInactive')}</Typography.Text>
          </Space>
          <Table<Indicator>
            rowKey="code"
            size="small"
            loading={loading}
            columns={columns}
            dataSource={showInactive ? indicators : active}
            pagination={false}
            scroll={{ x: 1000 }}
            data-testid="indicator-list"
          />
        </div>
        <div className="page-card" data-testid="targets-card">
          <div className="page-header">
            <Typography.Title level={5} style={{ margin: 0 }}>
              {t('indicatorAdmin.targets')}
            </Typography.Title>
            <Space wrap>
              <Select
                value={selected?.code}
                onChange={(code: string) => update({ indicator: code })}
                options={active.map((indicator) => ({ value: indicator.code, label: indicator.name }))}
                style={{ width: 280 }}
                aria-label={t('indicatorAdmin.targetIndicator')}
                data-testid="target-indicator"
              />
              <Select
                value={year}
                onChange={(value: number) => update({ year: String(value) })}
                options={years.map((value) => ({
                  value,
                  label: t('indicators.yearOption', { year: value }),
                }))}
                style={{ width: 110 }}
                aria-label={t('indicatorAdmin.targetYear')}
                data-testid="target-year"
              />
            </Space>
          </div>
          <Typography.Paragraph type="secondary">{t('indicatorAdmin.targetsIntro')}</Typography.Paragraph>
          {selected && <TargetsEditor key={`${selected.code}-${year}`} indicator={selected} year={year} />}
        </div>
      </Space>
      {editing && (
        <IndicatorFormModal
          indicator={editing === 'new' ? null : editing}
          nextSortOrder={indicators.reduce((max, indicator) => Math.max(max, indicator.sortOrder), 0) + 10}
          onClose={() => {
            setEditing(null);
            // Someone else may have changed the list meanwhile (a 409 shows it); show what is saved.
            void load();
          }}
          onSaved={() => {
            setEditing(null);
            void load();
          }}
        />
      )}
    </div>
  );
}
