import { Empty, Typography } from 'antd';
import { Link } from 'react-router-dom';
import type { Translate } from '../../i18n/i18n-context.tsx';
import type { MyProject } from './dashboard-api.ts';
import { LIGHT_COLORS } from './light-tag.tsx';
import { LightTag } from './light-tag.tsx';

const DIMENSIONS = [
  'investment_progress',
  'start_of_work',
  'milestones',
  'reporting',
  'stats_register',
] as const;
const isDimension = (name: string): name is (typeof DIMENSIONS)[number] =>
  (DIMENSIONS as readonly string[]).includes(name);

/** The explanation starts with the dimension's Chinese name, already shown in its own column. */
const withoutLabel = (explanation: string) => explanation.replace(/^[^：]{1,8}：/, '');

/** A leading official's projects (领办项目) with the month's light and each dimension behind it. */
export function MyProjectsPanel({ items, t }: { items: readonly MyProject[]; t: Translate }) {
  return (
    <div className="dash-card dash-mine" data-testid="my-projects">
      <div className="dash-card__title">
        <span>{t('dashboard.myProjects')}</span>
        <Typography.Text type="secondary">
          {t('dashboard.myProjectsCount', { count: items.length })}
        </Typography.Text>
      </div>
      {items.length === 0 ? (
        <Empty description={t('dashboard.myProjectsEmpty')} />
      ) : (
        <ul className="dash-projects">
          {items.map((project) => (
            <li key={project.id} data-testid="my-project">
              <div className="dash-projects__line">
                <LightTag light={project.light} t={t} />
                <Link to={`/projects/${project.id}`}>{project.name}</Link>
                <Typography.Text type="secondary">{project.regionName}</Typography.Text>
              </div>
              {project.dimensions.length > 0 && (
                <ul className="dash-reasons" aria-label={t('dashboard.reasons')}>
                  {project.dimensions.map((entry) => (
                    <li key={entry.dimension} data-testid={`reason-${entry.dimension}`}>
                      <span className="dash-lights__dot" style={{ background: LIGHT_COLORS[entry.light] }} />
                      <span className="dash-reasons__name">
                        {isDimension(entry.dimension)
                          ? t(`dashboard.dimension.${entry.dimension}`)
                          : entry.dimension}
                      </span>
                      <span className="dash-projects__why">{withoutLabel(entry.explanation)}</span>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
