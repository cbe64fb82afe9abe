import { Alert, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { ApiError } from '../../api/client.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { LightTag } from './light-tag.tsx';
import { fetchLightHistory, type LightEntry } from './warning-api.ts';
import './warnings.css';

/**
 * A project's light month by month, newest first, each with the figures and thresholds of every
 * dimension that gave it. A reissued month shows each edition.
 */
export function ProjectLightsCard({ projectId }: { projectId: string }) {
  const { t } = useI18n();
  const [items, setItems] = useState<LightEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let active = true;
    fetchLightHistory(projectId)
      .then((history) => active && setItems([...history.items].reverse()))
      .catch(
        (caught: unknown) => active && setError(caught instanceof ApiError ? caught.message : String(caught)),
      );
    return () => {
      active = false;
    };
  }, [projectId]);

  return (
    <div className="page-card" data-testid="project-lights">
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t('lights.title')}
      </Typography.Title>
      {error && <Alert type="error" showIcon title={error} />}
      <Table<LightEntry>
        size="small"
        rowKey={(entry) => `${entry.closeId}`}
        pagination={false}
        loading={items === null && !error}
        dataSource={items ?? []}
        // No "none yet" while the history is still on its way.
        locale={{ emptyText: items === null ? ' ' : t('lights.empty') }}
        columns={[
          {
            title: t('lights.month'),
            key: 'month',
            width: 150,
            render: (_, entry) => (
              <Link to={`/bulletins/${entry.closeId}`}>
                {t('warnings.period', { year: entry.year, month: entry.month })}
                {entry.edition > 1 && (
                  <Tag style={{ marginInlineStart: 6 }}>
                    {t('lights.reissue', { edition: entry.edition })}
                  </Tag>
                )}
              </Link>
            ),
          },
          {
            title: t('lights.light'),
            key: 'light',
            width: 80,
            render: (_, entry) => <LightTag light={entry.light} />,
          },
          {
            title: t('lights.detail'),
            key: 'dimensions',
            render: (_, entry) => (
              <ul className="light-dimensions">
                {entry.dimensions.map((dimension) => (
                  <li key={dimension.dimension}>
                    <LightTag light={dimension.light} />
                    <Typography.Text type={dimension.light === 'green' ? 'secondary' : undefined}>
                      {dimension.explanation}
                    </Typography.Text>
                  </li>
                ))}
              </ul>
            ),
          },
        ]}
      />
    </div>
  );
}
