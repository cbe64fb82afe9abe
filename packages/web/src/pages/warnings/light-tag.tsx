import { ArrowDownOutlined, ArrowUpOutlined, MinusOutlined } from '@ant-design/icons';
import { Tag, Tooltip } from 'antd';
import { useI18n } from '../../i18n/i18n-context.tsx';
import type { Light, RankChange } from './warning-api.ts';
import './warnings.css';

const COLORS: Record<Light, string> = { green: 'success', yellow: 'warning', red: 'error' };

/** A traffic light as a tag; the explanation (figures and threshold) shows on hover. */
export function LightTag({ light, explanation }: { light: Light; explanation?: string | null }) {
  const { t } = useI18n();
  const tag = (
    <Tag color={COLORS[light]} variant="solid" className="light-tag" data-testid={`light-${light}`}>
      {t(`light.${light}`)}
    </Tag>
  );
  return explanation ? <Tooltip title={explanation}>{tag}</Tooltip> : tag;
}

/** A region's red, yellow and green project counts as three small coloured figures. */
export function LightCounts({ lights }: { lights: Record<Light, number> }) {
  const { t } = useI18n();
  return (
    <span className="light-counts" title={t('light.counts', lights)}>
      <span className="light-count light-count--red">{lights.red}</span>
      <span className="light-count light-count--yellow">{lights.yellow}</span>
      <span className="light-count light-count--green">{lights.green}</span>
    </span>
  );
}

/** The 晾晒 arrow: green up, red down, grey level, "new" when last month had no rank. */
export function RankArrow({
  change,
  previous,
}: {
  change: RankChange | null | undefined;
  previous?: number | null;
}) {
  const { t } = useI18n();
  if (!change) return null;
  const prior = previous ?? '—';
  switch (change) {
    case 'up':
      return (
        <span
          className="rank-arrow rank-arrow--up"
          title={t('warnings.rankUp', { previous: prior })}
          data-testid="rank-up"
        >
          <ArrowUpOutlined />
        </span>
      );
    case 'down':
      return (
        <span
          className="rank-arrow rank-arrow--down"
          title={t('warnings.rankDown', { previous: prior })}
          data-testid="rank-down"
        >
          <ArrowDownOutlined />
        </span>
      );
    case 'same':
      return (
        <span className="rank-arrow rank-arrow--same" title={t('warnings.rankSame')} data-testid="rank-same">
          <MinusOutlined />
        </span>
      );
    case 'new':
      return (
        <Tag className="rank-arrow--new" title={t('warnings.rankNew')}>
          {t('warnings.rankNewShort')}
        </Tag>
      );
  }
}
