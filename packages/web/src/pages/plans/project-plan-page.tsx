import { ArrowLeftOutlined, SaveOutlined } from '@ant-design/icons';
import { checkDistribution, shanghaiDate, shanghaiYear } from '@beacon/domain';
import { Alert, App, Button, Form, Result, Select, Space, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { ApiError, client, unwrap } from '../../api/client.ts';
import { PageSpinner } from '../../app/router.tsx';
import { useUser } from '../../auth/auth-context.tsx';
import { canPlan } from '../../auth/permissions.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useProject } from '../projects/use-project.ts';
import { MilestonesCard } from './milestones-card.tsx';
import type { YearPlan } from './plan-types.ts';
import {
  valuesFromYearPlan,
  YearPlanFields,
  yearPlanFromValues,
  type YearPlanFormValues,
} from './year-plan-fields.tsx';
import './plans.css';

/** The planned start is the usual deadline of the preliminary steps, unless it has passed. */
function deadlineFrom(...candidates: (string | null | undefined)[]): string | null {
  const today = shanghaiDate(new Date());
  return candidates.find((date): date is string => Boolean(date && date >= today)) ?? null;
}

type Loaded = { year: number; plan: YearPlan | null };
type IssuedPlan = { id: string; name: string };

/**
 * The issued plans of the year that list the project: its year plan then changes only through an
 * adjustment of that plan (the server refuses a direct edit), so the page says so up front.
 */
async function issuedPlansWith(projectId: string, year: number): Promise<IssuedPlan[]> {
  const { items } = await unwrap(client.GET('/api/plans', { params: { query: { year } } }));
  const details = await Promise.all(
    items
      .filter((plan) => plan.state === 'issued' && plan.memberCount > 0)
      .map((plan) => unwrap(client.GET('/api/plans/{id}', { params: { path: { id: plan.id } } }))),
  );
  return details
    .filter((plan) => plan.members.some((member) => member.projectId === projectId))
    .map((plan) => ({ id: plan.id, name: plan.name }));
}

/**
 * A project's plan for one year (planned investment, new or continuing, dates, goal and its
 * monthly or quarterly spread) and its milestones with the reverse-schedule helper.
 */
export default function ProjectPlanPage() {
  const { id } = useParams();
  const { t, locale } = useI18n();
  const { message, modal } = App.useApp();
  const user = useUser();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const thisYear = shanghaiYear(new Date());
  const yearParam = Number(params.get('year'));
  const year = Number.isInteger(yearParam) && yearParam >= 1990 && yearParam <= 2100 ? yearParam : thisYear;
  const { project, error } = useProject(id);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [saving, setSaving] = useState(false);
  const [issued, setIssued] = useState<IssuedPlan[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [form] = Form.useForm<YearPlanFormValues>();

  const load = useCallback(async () => {
    if (!id) return;
    setFailure(null);
    try {
      const plan = await unwrap(
        client.GET('/api/projects/{id}/year-plans/{year}', { params: { path: { id, year } } }),
      );
      setLoaded({ year, plan });
      form.resetFields();
      form.setFieldsValue(valuesFromYearPlan(plan));
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 404) {
        setLoaded({ year, plan: null });
        form.resetFields();
        form.setFieldsValue(valuesFromYearPlan(null));
      } else {
        setFailure(caught instanceof ApiError ? caught.message : String(caught));
      }
    }
  }, [id, year, form]);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    let active = true;
    setIssued([]);
    if (id)
      issuedPlansWith(id, year)
        .then((plans) => active && setIssued(plans))
        .catch(() => undefined);
    return () => {
      active = false;
    };
  }, [id, year]);

  if (error) {
    return (
      <Result
        status={error.status === 404 ? '404' : 'error'}
        title={error.message}
        extra={
          <Link to="/projects">
            <Button type="primary">{t('common.home')}</Button>
          </Link>
        }
      />
    );
  }
  if (!project || !id) return <PageSpinner />;

  const mayWrite = canPlan(user.role, 'writeProjectPlan');
  const editable = mayWrite && issued.length === 0;

  const save = async (values: YearPlanFormValues) => {
    const body = yearPlanFromValues(values);
    const check = checkDistribution(body.plannedInvestment, body.distributionKind, body.distribution);
    if (!check.ok) {
      setFailure(check.reason);
      return;
    }
    setSaving(true);
    setFailure(null);
    try {
      const saved = await unwrap(
        client.PUT('/api/projects/{id}/year-plans/{year}', {
          params: { path: { id, year } },
          body: { ...body, ...(loaded?.plan ? { version: loaded.plan.version } : {}) },
        }),
      );
      setLoaded({ year, plan: saved });
      form.setFieldsValue(valuesFromYearPlan(saved));
      message.success(t('yearPlan.saved'));
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === 'VERSION_CONFLICT' && caught.current) {
        const current = caught.current as YearPlan;
        modal.confirm({
          title: t('conflict.title'),
          content: t('yearPlan.conflict', { version: current.version }),
          okText: t('conflict.reload'),
          cancelText: t('conflict.keep'),
          onOk: () => {
            setLoaded({ year, plan: current });
            form.setFieldsValue(valuesFromYearPlan(current));
          },
        });
      } else {
        setFailure(caught instanceof ApiError ? caught.message : String(caught));
      }
    } finally {
      setSaving(false);
    }
  };

  const yearOptions = Array.from(
    new Set([thisYear + 1, thisYear, thisYear - 1, thisYear - 2, year, project.startYear ?? year]),
  )
    .sort((a, b) => b - a)
    .map((value) => ({ value, label: locale === 'zh-CN' ? `${value}年` : String(value) }));

  return (
    <div>
      <div className="page-header">
        <Space align="center" wrap>
          <Button
            type="text"
            icon={<ArrowLeftOutlined />}
            onClick={() => navigate(-1)}
            aria-label={t('common.back')}
          />
          <Typography.Title level={4} data-testid="plan-project-title">
            {t('yearPlan.title', { name: project.name })}
          </Typography.Title>
          <Link to={`/projects/${project.id}`}>{t('yearPlan.projectLink')}</Link>
        </Space>
        <Select
          style={{ width: 120 }}
          value={year}
          options={yearOptions}
          onChange={(value: number) => setParams({ year: String(value) })}
          data-testid="year-plan-year"
        />
      </div>
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <div className="page-card" data-testid="year-plan">
          <div className="plan-card-title">
            <Typography.Title level={5}>{t('yearPlan.card', { year })}</Typography.Title>
            <Typography.Text type="secondary">
              {loaded?.plan
                ? t('detail.version', {
                    version: loaded.plan.version,
                    at: formatDateTime(loaded.plan.updatedAt),
                  })
                : t('yearPlan.none')}
            </Typography.Text>
          </div>
          {issued.length > 0 && (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 12 }}
              data-testid="year-plan-issued"
              title={
                <span>
                  {t('yearPlan.inIssued')}
                  {issued.map((plan) => (
                    <Link key={plan.id} to={`/plans/${plan.id}`} style={{ marginInlineStart: 8 }}>
                      {plan.name}
                    </Link>
                  ))}
                </span>
              }
            />
          )}
          {!loaded && !failure ? (
            <PageSpinner />
          ) : (
            <Form<YearPlanFormValues>
              form={form}
              layout="vertical"
              onFinish={(values) => void save(values)}
              disabled={!editable}
              data-testid="year-plan-form"
            >
              <YearPlanFields form={form} disabled={!editable} />
              {failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 12 }} />}
              {editable && (
                <Button
                  type="primary"
                  htmlType="submit"
                  icon={<SaveOutlined />}
                  loading={saving}
                  data-testid="year-plan-save"
                >
                  {t('common.save')}
                </Button>
              )}
            </Form>
          )}
        </div>
        <MilestonesCard
          projectId={project.id}
          editable={mayWrite}
          defaultDeadline={deadlineFrom(loaded?.plan?.plannedStart, project.plannedStart)}
        />
      </Space>
    </div>
  );
}
