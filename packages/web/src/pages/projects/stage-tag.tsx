import type { ProjectStage } from '@beacon/domain';
import { Tag } from 'antd';
import { useI18n } from '../../i18n/i18n-context.tsx';

const STAGE_COLORS: Record<ProjectStage, string> = {
  planning: 'default',
  reserve: 'cyan',
  preliminary: 'gold',
  construction: 'blue',
  completed: 'green',
  suspended: 'red',
};

export function StageTag({ stage }: { stage: ProjectStage }) {
  const { labels } = useI18n();
  return <Tag color={STAGE_COLORS[stage]}>{labels.stage[stage]}</Tag>;
}
