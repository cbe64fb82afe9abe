import { Tag } from 'antd';
import type { Translate } from '../../i18n/i18n-context.tsx';
import type { Light } from './dashboard-api.ts';

/** The traffic-light colours of the bulletins, also used for the map's markers. */
export const LIGHT_COLORS: Record<Light, string> = { red: '#f5222d', yellow: '#faad14', green: '#52c41a' };
export const NO_LIGHT_COLOR = '#8c8c8c';

const TAG_COLORS: Record<Light, string> = { red: 'error', yellow: 'warning', green: 'success' };

export function LightTag({ light, t }: { light: Light | null; t: Translate }) {
  return light === null ? (
    <Tag variant="filled" data-testid="light-none">
      {t('dashboard.light.none')}
    </Tag>
  ) : (
    <Tag color={TAG_COLORS[light]} variant="filled" data-testid={`light-${light}`}>
      {t(`dashboard.light.${light}`)}
    </Tag>
  );
}
