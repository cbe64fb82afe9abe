import { ArrowLeftOutlined, FileExcelOutlined, FileWordOutlined, SendOutlined } from '@ant-design/icons';
import { parseWan, roundHalfUp } from '@beacon/domain';
import { Alert, App, Button, Empty, Result, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ApiError } from '../../api/client.ts';
import { useReference } from '../../app/reference-context.tsx';
import { PageSpinner } from '../../app/router.tsx';
import { useUser } from '../../auth/auth-context.tsx';
import { canWarnings, seesUnpublishedBulletins } from '../../auth/permissions.ts';
import type { Locale, MessageKey } from '../../i18n/dictionary.ts';
import { useI18n, type Translate } from '../../i18n/i18n-context.tsx';
import { downloadFile } from '../../lib/download.ts';
import { formatDateTime } from '../../lib/format.ts';
import { Money, Percent, TargetCell } from '../indicators/indicator-format.tsx';
import { LightCounts, LightTag, RankArrow } from '../warnings/light-tag.tsx';
import {
  bulletinFileUrl,
  getClose,
  type BulletinContent,
  type BulletinIndicators,
  type BulletinList,
  type BulletinProjectLine,
  type BulletinRegion,
  type CloseDetail,
} from '../warnings/warning-api.ts';
import { PublishModal } from './publish-modal.tsx';
import './bulletins.css';

const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
const numeral = (n: number, locale: Locale) =>
  locale === 'zh-CN' ? (NUMERALS[n - 1] ?? String(n)) : String(n);

const yi = (decimal: string) => roundHalfUp(parseWan(decimal), 'yi', 2);
const pct = (value: string | null) => (value === null ? '—' : `${value}%`);

const monthsText = (month: number, t: Translate) =>
  month === 1 ? t('bulletin.monthsOne') : t('bulletin.monthsRange', { month });

/** The title of the official bulletin: 关于2020年1—6月全市重大项目推进情况的通报. */
export const bulletinHeading = (content: Pick<BulletinContent, 'year' | 'month'>, t: Translate) =>
  t('bulletin.heading', { year: content.year, months: monthsText(content.month, t) });

/** 一、总体情况 in one paragraph, worded as the Word document words it. */
function overview(content: BulletinContent, t: Translate): string {
  const h = content.headline;
  const growth =
    h.growthPct === null
      ? ''
      : h.growthPct.startsWith('-')
        ? t('bulletin.decline', { pct: h.growthPct.slice(1) })
        : t('bulletin.growth', { pct: h.growthPct });
  const gap =
    h.gapPts === null
      ? ''
      : h.gapPts.startsWith('-')
        ? t('bulletin.behind', { pts: h.gapPts.slice(1) })
        : t('bulletin.ahead', { pts: h.gapPts });
  const starts =
    h.plannedStarts === 0
      ? ''
      : t('bulletin.starts', {
          month: content.month,
          planned: h.plannedStarts,
          started: h.starts,
          rate: pct(h.startRatePct),
        });
  return (
    t('bulletin.overview', {
      projects: h.projects,
      total: yi(h.totalInvestment),
      plan: yi(h.annualPlan),
      months: monthsText(content.month, t),
      cumulative: yi(h.cumulative),
      growth,
      completion: pct(h.completionPct),
      progress: content.timeProgressPct,
      gap,
    }) +
    starts +
    t('bulletin.lights', h.lights)
  );
}

/**
 * A bulletin laid out like the official one: document number, title, the five sections, with the
 * ranking's arrows and lights. Project lines are already cut to the reader's scope by the server.
 */
export default function BulletinPage() {
  const { id = '' } = useParams();
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const user = useUser();
  const navigate = useNavigate();
  const [detail, setDetail] = useState<CloseDetail | null>(null);
  const [error, setError] = useState<ApiError | Error | null>(null);
  const [publishing, setPublishing] = useState(false);
  const [downloading, setDownloading] = useState<'docx' | 'xlsx' | null>(null);

  const load = useCallback(async () => {
    try {
      setDetail(await getClose(id));
    } catch (caught) {
      setError(caught instanceof Error ? caught : new Error(String(caught)));
    }
  }, [id]);

  useEffect(() => {
    void load();
  }, [load]);

  if (error) {
    return (
      <Result
        status={error instanceof ApiError && error.status === 404 ? '404' : 'error'}
        title={error.message}
        extra={
          <Link to="/bulletins">
            <Button type="primary">{t('bulletin.back')}</Button>
          </Link>
        }
      />
    );
  }
  if (!detail) return <PageSpinner />;

  const { close, content } = detail;
  const title = bulletinHeading(content, t);
  // Sections are numbered as in the Word document: the indicator section only when the close froze one.
  let sections = 0;
  const section = (key: MessageKey) =>
    t('bulletin.section', { n: numeral(++sections, locale), title: t(key) });
  const download = async (kind: 'docx' | 'xlsx') => {
    setDownloading(kind);
    try {
      await downloadFile(bulletinFileUrl(close.id, kind), `${title}.${kind}`);
      message.success(t('bulletin.downloaded'));
    } catch (caught) {
      message.error(caught instanceof ApiError ? caught.message : String(caught));
    } finally {
      setDownloading(null);
    }
  };

  return (
    <div>
      <div className="page-header">
        <Space align="center" wrap>
          <Button
            type="text"
            icon={<ArrowLeftOutlined />}
            onClick={() => navigate(`/bulletins?year=${close.year}`)}
            aria-label={t('bulletin.back')}
          />
          <Typography.Title level={4}>{t('bulletins.title')}</Typography.Title>
          <Typography.Text type="secondary">
            {t('warnings.period', { year: close.year, month: close.month })} ·{' '}
            {t('bulletins.editionValue', { edition: close.edition })}
          </Typography.Text>
        </Space>
        <Space wrap>
          <Button
            icon={<FileWordOutlined />}
            loading={downloading === 'docx'}
            onClick={() => void download('docx')}
            data-testid="bulletin-docx"
          >
            {t('bulletin.downloadDocx')}
          </Button>
          <Button
            icon={<FileExcelOutlined />}
            loading={downloading === 'xlsx'}
            onClick={() => void download('xlsx')}
            data-testid="bulletin-xlsx"
          >
            {t('bulletin.downloadXlsx')}
          </Button>
          {canWarnings(user.role, 'manage') && !close.publishedAt && (
            <Button
              type="primary"
              icon={<SendOutlined />}
              onClick={() => setPublishing(true)}
              data-testid="bulletin-publish"
            >
              {t('bulletins.publish')}
            </Button>
          )}
        </Space>
      </div>
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        {!close.publishedAt && (
          <Alert type="warning" showIcon title={t('bulletin.draftBanner')} data-testid="bulletin-draft" />
        )}
        {close.edition > 1 && (
          <Alert
            type="info"
            showIcon
            title={t('bulletin.reissueBanner', { edition: close.edition, reason: close.reason ?? '' })}
            data-testid="bulletin-reissue"
          />
        )}
        <article className="page-card bulletin-paper" data-testid="bulletin-paper">
          <div className="bulletin-number" data-testid="bulletin-document-number">
            {close.documentNumber ?? t('bulletin.draftNumber')}
          </div>
          <h1 className="bulletin-title" data-testid="bulletin-title">
            {title}
          </h1>
          <p className="bulletin-salutation">{t('bulletin.salutation')}</p>
          <p className="bulletin-text">
            {t('bulletin.lead', {
              year: content.year,
              months: monthsText(content.month, t),
              asOf: content.asOf,
            })}
          </p>

          <h2 className="bulletin-section">{section('bulletin.s1')}</h2>
          <p className="bulletin-text" data-testid="bulletin-overview">
            {overview(content, t)}
          </p>

          {content.indicators && (
            <>
              <h2 className="bulletin-section">{section('bulletin.sIndicators')}</h2>
              <p className="bulletin-text">
                {t('bulletin.indicatorsLead', { months: monthsText(content.month, t) })}
              </p>
              <IndicatorTable table={content.indicators} />
            </>
          )}

          <h2 className="bulletin-section">{section('bulletin.s2')}</h2>
          <p className="bulletin-text">{t('bulletin.rankingLead')}</p>
          <RankingTable regions={content.regions} />

          <h2 className="bulletin-section">{section('bulletin.s3')}</h2>
          {!seesUnpublishedBulletins(user.role) && (
            <Typography.Paragraph type="secondary" className="bulletin-text">
              {t('bulletin.scopedNote')}
            </Typography.Paragraph>
          )}
          {content.redProjects.length > 0 && (
            <p className="bulletin-text">{t('bulletin.redLead', { count: content.redProjects.length })}</p>
          )}
          <ProjectTable lines={content.redProjects} testId="bulletin-red" withReason />

          <h2 className="bulletin-section">{section('bulletin.s4')}</h2>
          <h3 className="bulletin-subsection">{t('bulletin.additions')}</h3>
          <ProjectTable lines={content.additions} testId="bulletin-additions" />
          <h3 className="bulletin-subsection">{t('bulletin.removals')}</h3>
          <ProjectTable lines={content.removals} testId="bulletin-removals" />

          <h2 className="bulletin-section">{section('bulletin.s5')}</h2>
          <ListTable lists={content.lists} />

          <Typography.Paragraph type="secondary" className="bulletin-footer">
            {t('bulletin.footer', {
              closedBy: close.closedByName,
              closedAt: formatDateTime(close.closedAt),
              publishedBy: close.publishedAt
                ? `${close.publishedByName ?? ''}，${formatDateTime(close.publishedAt)}`
                : '—',
              sha: close.contentSha256.slice(0, 16),
            })}
          </Typography.Paragraph>
        </article>
      </Space>
      {publishing && (
        <PublishModal
          close={close}
          onClose={() => setPublishing(false)}
          onPublished={() => {
            setPublishing(false);
            message.success(t('bulletins.publishedOk'));
            void load();
          }}
        />
      )}
    </div>
  );
}

function RankingTable({ regions }: { regions: BulletinRegion[] }) {
  const { t } = useI18n();
  const columns: TableColumnsType<BulletinRegion> = [
    {
      title: t('bulletin.rank'),
      key: 'rank',
      width: 86,
      align: 'center',
      render: (_, region) =>
        region.rank === null ? (
          '—'
        ) : (
          <span className="bulletin-rank">
            <strong>{region.rank}</strong>
            <RankArrow change={region.rankChange} previous={region.previousRank} />
          </span>
        ),
    },
    { title: t('bulletin.region'), dataIndex: 'name', key: 'name', width: 130 },
    { title: t('bulletin.projects'), dataIndex: 'projects', key: 'projects', width: 70, align: 'right' },
    {
      title: t('bulletin.annualPlan'),
      key: 'plan',
      width: 130,
      align: 'right',
      render: (_, region) => <Money value={region.annualPlan} />,
    },
    {
      title: t('bulletin.cumulative'),
      key: 'cumulative',
      width: 130,
      align: 'right',
      render: (_, region) => <Money value={region.cumulative} />,
    },
    {
      title: t('bulletin.completion'),
      key: 'completion',
      width: 80,
      align: 'right',
      render: (_, region) => <Percent value={region.completionPct} />,
    },
    {
      title: t('bulletin.gap'),
      key: 'gap',
      width: 86,
      align: 'right',
      render: (_, region) => <Percent value={region.gapPts} signed />,
    },
    {
      title: t('bulletin.growthCol'),
      key: 'growth',
      width: 80,
      align: 'right',
      render: (_, region) => <Percent value={region.growthPct} />,
    },
    {
      title: t('bulletin.startRate'),
      key: 'startRate',
      width: 80,
      align: 'right',
      render: (_, region) => <Percent value={region.startRatePct} />,
    },
    {
      title: t('bulletin.lightCounts'),
      key: 'lights',
      width: 130,
      render: (_, region) => <LightCounts lights={region.lights} />,
    },
    {
      title: t('bulletin.regionLight'),
      key: 'light',
      width: 90,
      align: 'center',
      render: (_, region) =>
        region.light ? <LightTag light={region.light} explanation={region.explanation} /> : '—',
    },
  ];
  return (
    <Table<BulletinRegion>
      rowKey="code"
      size="small"
      bordered
      pagination={false}
      columns={columns}
      // Best rank first, unranked regions last, as the Word document orders them.
      dataSource={[...regions].sort(
        (a, b) => (a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER),
      )}
      scroll={{ x: 'max-content' }}
      className="bulletin-table"
      data-testid="bulletin-ranking"
    />
  );
}

function ProjectTable({
  lines,
  testId,
  withReason = false,
}: {
  lines: BulletinProjectLine[];
  testId: string;
  withReason?: boolean;
}) {
  const { t } = useI18n();
  const reference = useReference();
  if (lines.length === 0)
    return (
      <p className="bulletin-text" data-testid={`${testId}-none`}>
        {t('bulletin.none')}
      </p>
    );
  const columns: TableColumnsType<BulletinProjectLine> = [
    {
      title: t('bulletin.index'),
      key: 'index',
      width: 56,
      align: 'center',
      render: (_, _line, index) => index + 1,
    },
    {
      title: t('bulletin.projectName'),
      key: 'name',
      width: 260,
      render: (_, line) => <Link to={`/projects/${line.id}`}>{line.name}</Link>,
    },
    {
      title: t('bulletin.region'),
      key: 'region',
      width: 110,
      render: (_, line) => reference.regionName(line.regionCode),
    },
    {
      title: t('bulletin.responsibleUnit'),
      dataIndex: 'responsibleUnit',
      key: 'unit',
      width: 150,
      render: (value: string | null) => value ?? '—',
    },
    {
      title: t('bulletin.leadingOfficial'),
      dataIndex: 'leadingOfficial',
      key: 'leading',
      width: 100,
      render: (value: string | null) => value ?? '—',
    },
    ...(withReason ? [{ title: t('bulletin.reasonCol'), dataIndex: 'explanation', key: 'explanation' }] : []),
  ];
  return (
    <Table<BulletinProjectLine>
      rowKey="id"
      size="small"
      bordered
      pagination={lines.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
      columns={columns}
      dataSource={lines}
      className="bulletin-table"
      data-testid={testId}
    />
  );
}

function ListTable({ lists }: { lists: BulletinList[] }) {
  const { t } = useI18n();
  if (lists.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <Table<BulletinList>
      rowKey="code"
      size="small"
      bordered
      pagination={false}
      dataSource={lists}
      className="bulletin-table"
      data-testid="bulletin-lists"
      columns={[
        { title: t('bulletin.list'), dataIndex: 'name', key: 'name', width: 200 },
        { title: t('bulletin.projects'), dataIndex: 'projects', key: 'projects', width: 70, align: 'right' },
        {
          title: t('bulletin.annualPlan'),
          key: 'plan',
          width: 130,
          align: 'right',
          render: (_, list) => <Money value={list.annualPlan} />,
        },
        {
          title: t('bulletin.cumulative'),
          key: 'cumulative',
          width: 130,
          align: 'right',
          render: (_, list) => <Money value={list.cumulative} />,
        },
        {
          title: t('bulletin.completion'),
          key: 'completion',
          width: 80,
          align: 'right',
          render: (_, list) => <Percent value={list.completionPct} />,
        },
        {
          title: t('bulletin.gap'),
          key: 'gap',
          width: 86,
          align: 'right',
          render: (_, list) => <Percent value={list.gapPts} signed />,
        },
        {
          title: t('bulletin.lightCounts'),
          key: 'lights',
          render: (_, list) => <LightCounts lights={list.lights} />,
        },
      ]}
    />
  );
}

type IndicatorLine = {
  code: string;
  name: string;
  unit: string;
  row: BulletinIndicators['rows'][number] | undefined;
};

/** The city's row of every indicator, against its target, as the Word document has it. */
function IndicatorTable({ table }: { table: BulletinIndicators }) {
  const { t } = useI18n();
  const lines: IndicatorLine[] = table.indicators.map((indicator) => ({
    code: indicator.code,
    name: indicator.name,
    unit: indicator.unit,
    row: table.rows.find((row) => row.indicator === indicator.code && row.region === null),
  }));
  return (
    <Table<IndicatorLine>
      rowKey="code"
      size="small"
      bordered
      pagination={false}
      dataSource={lines}
      className="bulletin-table"
      data-testid="bulletin-indicators"
      columns={[
        { title: t('indicators.indicator'), dataIndex: 'name', key: 'name', width: 260 },
        {
          title: t('bulletin.cumulative'),
          key: 'figure',
          width: 140,
          align: 'right',
          render: (_, line) =>
            line.unit === 'count' ? (
              t('indicators.countValue', { count: line.row?.count ?? 0 })
            ) : (
              <Money value={line.row?.cumulative} />
            ),
        },
        {
          title: t('bulletin.growthCol'),
          key: 'growth',
          width: 80,
          align: 'right',
          render: (_, line) => <Percent value={line.row?.growthPct} />,
        },
        {
          title: t('bulletin.completion'),
          key: 'completion',
          width: 80,
          align: 'right',
          render: (_, line) => <Percent value={line.row?.completionPct} />,
        },
        {
          title: t('bulletin.gap'),
          key: 'gap',
          width: 86,
          align: 'right',
          render: (_, line) => <Percent value={line.row?.gapPts} signed />,
        },
        {
          title: t('indicators.target'),
          key: 'target',
          render: (_, line) => (
            <TargetCell target={line.row?.target ?? null} met={line.row?.targetMet ?? null} t={t} />
          ),
        },
      ]}
    />
  );
}
