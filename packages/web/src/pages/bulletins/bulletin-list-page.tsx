import { FileTextOutlined, LockOutlined, SendOutlined } from '@ant-design/icons';
import { shanghaiYear } from '@beacon/domain';
import { Alert, App, Button, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../api/client.ts';
import { useUser } from '../../auth/auth-context.tsx';
import { canWarnings, seesUnpublishedBulletins } from '../../auth/permissions.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { lastClosedMonth } from '../indicators/period.ts';
import { listCloses, type CloseMeta } from '../warnings/warning-api.ts';
import { CloseModal } from './close-modal.tsx';
import { PublishModal } from './publish-modal.tsx';
import './bulletins.css';

/**
 * 通报: the monthly closes of a year with their editions and whether each is published. The city
 * command closes months and publishes; everyone else sees the published bulletins.
 */
export default function BulletinListPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const user = useUser();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const year = Number(params.get('year')) || lastClosedMonth(new Date()).year;
  const [items, setItems] = useState<CloseMeta[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [closing, setClosing] = useState(false);
  const [publishing, setPublishing] = useState<CloseMeta | null>(null);
  const manage = canWarnings(user.role, 'manage');

  const load = useCallback(async () => {
    setError(null);
    try {
      setItems((await listCloses(year)).items);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : String(caught));
      setItems([]);
    }
  }, [year]);

  useEffect(() => {
    setItems(null);
    void load();
  }, [load]);

  const thisYear = shanghaiYear(new Date());
  const years = Array.from({ length: 9 }, (_, index) => thisYear - index);

  return (
    <div>
      <div className="page-header">
        <Typography.Title level={4}>{t('bulletins.title')}</Typography.Title>
        <Space wrap>
          <Select
            value={year}
            onChange={(picked: number) => setParams({ year: String(picked) })}
            options={years.map((value) => ({ value, label: t('warnings.yearOption', { year: value }) }))}
            style={{ width: 110 }}
            aria-label={t('warnings.year')}
            data-testid="bulletins-year"
          />
          {manage && (
            <Button
              type="primary"
              icon={<LockOutlined />}
              onClick={() => setClosing(true)}
              data-testid="bulletins-close"
            >
              {t('bulletins.close')}
            </Button>
          )}
        </Space>
      </div>
      <div className="page-card">
        <Typography.Paragraph type="secondary">{t('bulletins.intro')}</Typography.Paragraph>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Table<CloseMeta>
          rowKey="id"
          size="small"
          loading={items === null}
          dataSource={items ?? []}
          pagination={false}
          data-testid="bulletins-table"
          locale={{
            emptyText: seesUnpublishedBulletins(user.role)
              ? t('bulletins.empty')
              : t('bulletins.emptyCounty'),
          }}
          onRow={(close) => ({ onDoubleClick: () => navigate(`/bulletins/${close.id}`) })}
          columns={[
            {
              title: t('bulletins.month'),
              key: 'month',
              width: 130,
              render: (_, close) => (
                <Link to={`/bulletins/${close.id}`}>
                  {t('warnings.period', { year: close.year, month: close.month })}
                </Link>
              ),
            },
            {
              title: t('bulletins.edition'),
              key: 'edition',
              width: 150,
              render: (_, close) =>
                close.edition > 1 ? (
                  <Tooltip title={`${t('bulletins.reason')}：${close.reason ?? ''}`}>
                    <Tag color="purple">{t('bulletins.editionValue', { edition: close.edition })}</Tag>
                  </Tooltip>
                ) : (
                  t('bulletins.editionValue', { edition: close.edition })
                ),
            },
            {
              title: t('bulletins.state'),
              key: 'state',
              width: 240,
              render: (_, close) =>
                close.publishedAt ? (
                  <Space size={4}>
                    <Tag color="success">{t('bulletins.published')}</Tag>
                    <span data-testid="bulletin-number">{close.documentNumber}</span>
                  </Space>
                ) : (
                  <Tag color="warning">{t('bulletins.draft')}</Tag>
                ),
            },
            {
              title: t('bulletins.publishedBy'),
              key: 'published',
              width: 240,
              render: (_, close) =>
                close.publishedAt
                  ? t('bulletins.byAt', {
                      name: close.publishedByName ?? '',
                      at: formatDateTime(close.publishedAt),
                    })
                  : '—',
            },
            {
              title: t('bulletins.closedBy'),
              key: 'closed',
              width: 240,
              render: (_, close) =>
                t('bulletins.byAt', { name: close.closedByName, at: formatDateTime(close.closedAt) }),
            },
            {
              title: t('common.actions'),
              key: 'actions',
              render: (_, close) => (
                <Space size={0}>
                  <Link to={`/bulletins/${close.id}`}>
                    <Button type="link" size="small" icon={<FileTextOutlined />}>
                      {t('bulletins.view')}
                    </Button>
                  </Link>
                  {manage && !close.publishedAt && (
                    <Button
                      type="link"
                      size="small"
                      icon={<SendOutlined />}
                      onClick={() => setPublishing(close)}
                      data-testid={`bulletin-publish-${close.month}-${close.edition}`}
                    >
                      {t('bulletins.publish')}
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </div>
      {closing && (
        <CloseModal
          year={year}
          onClose={() => setClosing(false)}
          onClosed={(summary) => {
            setClosing(false);
            message.success(
              t('bulletins.closed', {
                year: summary.year,
                month: summary.month,
                edition: summary.edition,
                ...summary.lights,
              }),
            );
            navigate(`/bulletins/${summary.id}`);
          }}
        />
      )}
      {publishing && (
        <PublishModal
          close={publishing}
          onClose={() => setPublishing(null)}
          onPublished={() => {
            setPublishing(null);
            message.success(t('bulletins.publishedOk'));
            void load();
          }}
        />
      )}
    </div>
  );
}
