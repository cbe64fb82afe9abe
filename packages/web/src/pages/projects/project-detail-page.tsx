import { ArrowLeftOutlined, CalendarOutlined, EditOutlined } from '@ant-design/icons';
import { Button, Descriptions, Result, Space, Table, Tag, Typography } from 'antd';
import { Link, useNavigate, useParams } from 'react-router-dom';
import type { TeamMember } from '../../api/types.ts';
import { useReference } from '../../app/reference-context.tsx';
import { PageSpinner } from '../../app/router.tsx';
import { useUser } from '../../auth/auth-context.tsx';
import { canProject } from '../../auth/permissions.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { formatDate, formatDateTime, formatWanNumber, formatYi } from '../../lib/format.ts';
import { ProjectLightsCard } from '../warnings/project-lights-card.tsx';
import { StageTag } from './stage-tag.tsx';
import { useProject } from './use-project.ts';

const dash = (value: string | number | null | undefined) =>
  value === null || value === undefined || value === '' ? '—' : value;

export default function ProjectDetailPage() {
  const { id } = useParams();
  const { t, labels } = useI18n();
  const user = useUser();
  const reference = useReference();
  const navigate = useNavigate();
  const { project, error, loading } = useProject(id);

  if (loading && !project) return <PageSpinner />;
  if (error || !project) {
    return (
      <Result
        status={error?.status === 404 ? '404' : 'error'}
        title={error?.message ?? t('common.notFound')}
        extra={
          <Link to="/projects">
            <Button type="primary">{t('common.home')}</Button>
          </Link>
        }
      />
    );
  }

  const period =
    project.startYear && project.endYear
      ? `${project.startYear} – ${project.endYear}`
      : dash(project.startYear);
  const descriptionProps = { size: 'small', bordered: true, column: { xs: 1, md: 2, xl: 3 } } as const;

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
          <Typography.Title level={4} data-testid="project-title">
            {project.name}
          </Typography.Title>
          <StageTag stage={project.stage} />
          {project.code && <Typography.Text type="secondary">{project.code}</Typography.Text>}
        </Space>
        <Space>
          <Typography.Text type="secondary">
            {t('detail.version', { version: project.version, at: formatDateTime(project.updatedAt) })}
          </Typography.Text>
          <Button icon={<CalendarOutlined />} onClick={() => navigate(`/projects/${project.id}/plan`)}>
            {t('nav.projectPlan')}
          </Button>
          {canProject(user.role, 'update') && (
            <Button
              type="primary"
              icon={<EditOutlined />}
              onClick={() => navigate(`/projects/${project.id}/edit`)}
            >
              {t('common.edit')}
            </Button>
          )}
        </Space>
      </div>
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <div className="page-card">
          <Descriptions
            {...descriptionProps}
            title={t('detail.basic')}
            items={[
              { key: 'name', label: t('field.name'), children: project.name },
              { key: 'code', label: t('field.code'), children: dash(project.code) },
              { key: 'owner', label: t('field.ownerName'), children: project.ownerName },
              { key: 'region', label: t('field.regionCode'), children: project.regionName },
              { key: 'address', label: t('field.address'), children: dash(project.address) },
              { key: 'sector', label: t('field.sectorCode'), children: project.sectorName },
              {
                key: 'funding',
                label: t('field.fundingSource'),
                children: labels.funding[project.fundingSource],
              },
              {
                key: 'highTech',
                label: t('field.highTech'),
                children: project.highTech ? t('common.yes') : t('common.no'),
              },
              {
                key: 'lists',
                label: t('field.lists'),
                children: project.lists.length
                  ? project.lists.map((code) => (
                      <Tag key={code} color="purple">
                        {reference.listName(code)}
                      </Tag>
                    ))
                  : '—',
              },
              {
                key: 'location',
                label: `${t('field.lng')} / ${t('field.lat')}`,
                children: project.lng && project.lat ? `${project.lng}, ${project.lat}` : '—',
              },
              {
                key: 'content',
                label: t('field.content'),
                span: 'filled',
                children: <span style={{ whiteSpace: 'pre-wrap' }}>{dash(project.content)}</span>,
              },
            ]}
          />
        </div>
        <div className="page-card">
          <Descriptions
            {...descriptionProps}
            title={t('detail.investment')}
            items={[
              {
                key: 'total',
                label: t('field.totalInvestment'),
                children: (
                  <span className="money">
                    {formatWanNumber(project.totalInvestment)} 万元
                    <Typography.Text type="secondary">
                      {' '}
                      （{formatYi(project.totalInvestment)}）
                    </Typography.Text>
                  </span>
                ),
              },
              { key: 'stage', label: t('field.stage'), children: <StageTag stage={project.stage} /> },
              { key: 'period', label: t('field.period'), children: period },
              { key: 'plannedYear', label: t('field.plannedYear'), children: dash(project.plannedYear) },
              {
                key: 'plannedStart',
                label: t('field.plannedStart'),
                children: formatDate(project.plannedStart),
              },
              {
                key: 'plannedCompletion',
                label: t('field.plannedCompletion'),
                children: formatDate(project.plannedCompletion),
              },
              {
                key: 'actualStart',
                label: t('field.actualStart'),
                children: formatDate(project.actualStart),
              },
              {
                key: 'actualCompletion',
                label: t('field.actualCompletion'),
                children: formatDate(project.actualCompletion),
              },
            ]}
          />
        </div>
        <div className="page-card">
          <Descriptions
            {...descriptionProps}
            title={t('detail.responsibility')}
            items={[
              { key: 'leading', label: t('field.leadingOfficial'), children: dash(project.leadingOfficial) },
              {
                key: 'inCharge',
                label: t('field.officialInCharge'),
                children: dash(project.officialInCharge),
              },
              {
                key: 'responsible',
                label: t('field.responsibleDepartmentId'),
                children: dash(project.responsibleDepartmentName),
              },
              {
                key: 'service',
                label: t('field.serviceUnitIds'),
                span: 'filled',
                children: project.serviceUnitIds.length
                  ? project.serviceUnitIds.map((unit) => (
                      <Tag key={unit}>{reference.departmentName(unit)}</Tag>
                    ))
                  : '—',
              },
            ]}
          />
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('detail.team')}
          </Typography.Title>
          <Table<TeamMember>
            size="small"
            rowKey={(member) => `${member.name}-${member.duty}`}
            pagination={false}
            dataSource={project.team}
            locale={{ emptyText: t('detail.teamEmpty') }}
            columns={[
              { title: t('team.name'), dataIndex: 'name', width: 160 },
              { title: t('team.duty'), dataIndex: 'duty' },
              {
                title: t('team.phone'),
                dataIndex: 'phone',
                width: 180,
                render: (phone?: string) => dash(phone),
              },
            ]}
          />
        </div>
        <ProjectLightsCard projectId={project.id} />
      </Space>
    </div>
  );
}
