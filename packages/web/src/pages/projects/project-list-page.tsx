import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { FUNDING_SOURCES, PROJECT_STAGES, type ProjectStage } from '@beacon/domain';
import { App, Button, Input, Select, Space, Table, Typography, type TableProps } from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError, client, queryString, unwrap } from '../../api/client.ts';
import type { Project, ProjectList } from '../../api/types.ts';
import { useReference } from '../../app/reference-context.tsx';
import { useUser } from '../../auth/auth-context.tsx';
import { canProject } from '../../auth/permissions.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { downloadFile } from '../../lib/download.ts';
import { formatDate, formatDateTime, formatWanNumber, formatYi } from '../../lib/format.ts';
import {
  DEFAULT_PAGE_SIZE,
  DEFAULT_SORT,
  filterParams,
  queryFromParams,
  SORT_FIELDS,
  type FilterKey,
  type SortColumn,
} from './project-query.ts';
import { StageTag } from './stage-tag.tsx';

export default function ProjectListPage() {
  const { t, labels } = useI18n();
  const { message } = App.useApp();
  const user = useUser();
  const reference = useReference();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const query = useMemo(() => queryFromParams(params), [params]);
  const [data, setData] = useState<ProjectList | null>(null);
  const [loading, setLoading] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [search, setSearch] = useState(query.q ?? '');

  // Back/forward changes the URL under the search box; keep the box in step.
  useEffect(() => setSearch(query.q ?? ''), [query.q]);

  useEffect(() => {
    let active = true;
    setLoading(true);
    unwrap(client.GET('/api/projects', { params: { query } }))
      .then((result) => active && setData(result))
      .catch(
        (error: unknown) =>
          active && message.error(error instanceof ApiError ? error.message : String(error)),
      )
      .finally(() => active && setLoading(false));
    return () => {
      active = false;
    };
  }, [query, message]);

  /** Changing a filter goes back to page 1; sorting and paging keep the filters. */
  const update = (changes: Partial<Record<FilterKey | 'sort' | 'page' | 'pageSize', string | undefined>>) => {
    // The router commits URL changes in a transition, so `params` from this render can lag one
    // change behind (a stage picked just before pressing Enter in the search box would be lost);
    // the address bar is always current.
    const next = new URLSearchParams(window.location.search);
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined || value === '') next.delete(key);
      else next.set(key, value);
    }
    if (!('page' in changes)) next.delete('page');
    if (next.get('sort') === DEFAULT_SORT) next.delete('sort');
    if (next.get('pageSize') === String(DEFAULT_PAGE_SIZE)) next.delete('pageSize');
    if (next.get('page') === '1') next.delete('page');
    setParams(next);
  };

  const sortOrder = (column: SortColumn) => {
    const field = query.sort.replace(/^-/, '');
    if (field !== SORT_FIELDS[column]) return null;
    return query.sort.startsWith('-') ? ('descend' as const) : ('ascend' as const);
  };

  const onTableChange: TableProps<Project>['onChange'] = (pagination, _filters, sorter, extra) => {
    if (extra.action === 'sort') {
      const single = (Array.isArray(sorter) ? sorter[0] : sorter) as SorterResult<Project> | undefined;
      const column = single?.columnKey as SortColumn | undefined;
      const sort =
        column && single?.order
          ? `${single.order === 'descend' ? '-' : ''}${SORT_FIELDS[column]}`
          : DEFAULT_SORT;
      update({ sort });
      return;
    }
    update({
      page: String(pagination.current ?? 1),
      pageSize: String(pagination.pageSize ?? DEFAULT_PAGE_SIZE),
    });
  };

  const exportExcel = async () => {
    setExporting(true);
    try {
      await downloadFile(
        `/api/projects/export${queryString({ ...filterParams(query), sort: query.sort })}`,
        `项目库-${new Date().toISOString().slice(0, 10)}.xlsx`,
      );
      message.success(t('projects.exported'));
    } catch (error) {
      message.error(error instanceof ApiError ? error.message : String(error));
    } finally {
      setExporting(false);
    }
  };

  const singleRegion = user.role === 'county';
  const columns: TableProps<Project>['columns'] = [
    {
      title: t('col.name'),
      dataIndex: 'name',
      key: 'name',
      sorter: true,
      sortOrder: sortOrder('name'),
      ellipsis: true,
      width: 230,
      render: (name: string, project) => <Link to={`/projects/${project.id}`}>{name}</Link>,
    },
    {
      title: t('col.code'),
      dataIndex: 'code',
      key: 'code',
      sorter: true,
      sortOrder: sortOrder('code'),
      width: 196,
      render: (code: string | null) => code ?? <Typography.Text type="secondary">—</Typography.Text>,
    },
    // A county clerk sees one region only; the column would repeat it on every row.
    ...(singleRegion
      ? []
      : [
          {
            title: t('col.region'),
            dataIndex: 'regionName',
            key: 'regionName',
            sorter: true,
            sortOrder: sortOrder('regionName'),
            width: 110,
          },
        ]),
    { title: t('col.owner'), dataIndex: 'ownerName', key: 'ownerName', ellipsis: true },
    { title: t('col.sector'), dataIndex: 'sectorName', key: 'sectorName', width: 96, ellipsis: true },
    {
      title: t('col.stage'),
      dataIndex: 'stage',
      key: 'stage',
      sorter: true,
      sortOrder: sortOrder('stage'),
      width: 80,
      render: (stage: ProjectStage) => <StageTag stage={stage} />,
    },
    {
      title: t('col.totalInvestment'),
      dataIndex: 'totalInvestment',
      key: 'totalInvestment',
      sorter: true,
      sortOrder: sortOrder('totalInvestment'),
      align: 'right',
      width: 132,
      render: (value: string) => <span className="money">{formatWanNumber(value)}</span>,
    },
    {
      title: t('col.plannedStart'),
      dataIndex: 'plannedStart',
      key: 'plannedStart',
      sorter: true,
      sortOrder: sortOrder('plannedStart'),
      width: 104,
      render: (value: string | null) => formatDate(value),
    },
    {
      title: t('col.updatedAt'),
      dataIndex: 'updatedAt',
      key: 'updatedAt',
      sorter: true,
      sortOrder: sortOrder('updatedAt'),
      width: 140,
      render: (value: string) => formatDateTime(value),
    },
  ];

  const selectProps = { allowClear: true, style: { width: 140 }, popupMatchSelectWidth: false } as const;

  return (
    <div>
      <div className="page-header">
        <Typography.Title level={4}>{t('projects.title')}</Typography.Title>
        <Space>
          <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportExcel()}>
            {t('projects.export')}
          </Button>
          {canProject(user.role, 'create') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/projects/new')}>
              {t('projects.new')}
            </Button>
          )}
        </Space>
      </div>
      <div className="page-card">
        <Space wrap size={[8, 8]} style={{ marginBottom: 12 }} data-testid="project-filters">
          <Input.Search
            placeholder={t('projects.search')}
            allowClear
            value={search}
            onChange={(event) => setSearch(event.target.value)}
            onSearch={(value) => update({ q: value.trim() })}
            style={{ width: 260 }}
            aria-label={t('projects.search')}
          />
          {!singleRegion && (
            <Select
              {...selectProps}
              placeholder={t('projects.region')}
              value={query.region}
              onChange={(value?: string) => update({ region: value })}
              options={reference.projectRegions.map((region) => ({ value: region.code, label: region.name }))}
              data-testid="filter-region"
            />
          )}
          <Select
            {...selectProps}
            placeholder={t('projects.stage')}
            value={query.stage}
            onChange={(value?: string) => update({ stage: value })}
            options={PROJECT_STAGES.map((stage) => ({ value: stage, label: labels.stage[stage] }))}
            data-testid="filter-stage"
          />
          <Select
            {...selectProps}
            placeholder={t('projects.sector')}
            value={query.sector}
            onChange={(value?: string) => update({ sector: value })}
            options={reference.sectors.map((sector) => ({ value: sector.code, label: sector.name }))}
            data-testid="filter-sector"
          />
          <Select
            {...selectProps}
            placeholder={t('projects.list')}
            value={query.list}
            onChange={(value?: string) => update({ list: value })}
            options={reference.lists.map((list) => ({ value: list.code, label: list.name }))}
            data-testid="filter-list"
          />
          <Select
            {...selectProps}
            placeholder={t('projects.funding')}
            value={query.funding}
            onChange={(value?: string) => update({ funding: value })}
            options={FUNDING_SOURCES.map((funding) => ({ value: funding, label: labels.funding[funding] }))}
            data-testid="filter-funding"
          />
          <Button onClick={() => setParams(new URLSearchParams())}>{t('common.reset')}</Button>
        </Space>
        <div style={{ marginBottom: 8 }} data-testid="project-summary">
          {data && (
            <Typography.Text>
              {t('projects.summary', {
                count: data.total.toLocaleString('zh-CN'),
                amount: formatYi(data.totalInvestment),
              })}
            </Typography.Text>
          )}
        </div>
        <Table<Project>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={loading}
          onChange={onTableChange}
          scroll={{ x: singleRegion ? 1120 : 1230 }}
          locale={{ emptyText: t('projects.empty') }}
          pagination={{
            current: query.page,
            pageSize: query.pageSize,
            total: data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100, 200],
            showTotal: (total) => t('common.total', { count: total }),
          }}
        />
      </div>
    </div>
  );
}
