/** Lifecycle of a project: 谋划 → 储备 → 前期 → 在建 → 竣工, with 停缓建 as a pause. */
export const PROJECT_STAGES = [
  'planning',
  'reserve',
  'preliminary',
  'construction',
  'completed',
  'suspended',
] as const;
export type ProjectStage = (typeof PROJECT_STAGES)[number];

export const STAGE_LABELS: Record<ProjectStage, string> = {
  planning: '谋划',
  reserve: '储备',
  preliminary: '前期',
  construction: '在建',
  completed: '竣工',
  suspended: '停缓建',
};

/**
 * The rolling screen of the policy (谋划一批、储备一批、开工一批、建设一批): a project moves one
 * step forward, may be dropped back one step when its preparation falls through, and a
 * project in preparation or under construction can be suspended and later resumed.
 * A completed project is closed.
 */
const TRANSITIONS: Record<ProjectStage, readonly ProjectStage[]> = {
  planning: ['reserve', 'suspended'],
  reserve: ['planning', 'preliminary', 'suspended'],
  preliminary: ['reserve', 'construction', 'suspended'],
  construction: ['completed', 'suspended'],
  completed: [],
  suspended: ['planning', 'reserve', 'preliminary', 'construction'],
};

export function allowedNextStages(from: ProjectStage): readonly ProjectStage[] {
  return TRANSITIONS[from];
}

export function canTransition(from: ProjectStage, to: ProjectStage): boolean {
  return from === to || TRANSITIONS[from].includes(to);
}

export function stageFromLabel(label: string): ProjectStage | undefined {
  const trimmed = label.trim();
  const aliases: Record<string, ProjectStage> = {
    续建: 'construction',
    新开工: 'construction',
    缓建: 'suspended',
    停建: 'suspended',
  };
  return (
    (Object.entries(STAGE_LABELS).find(([, text]) => text === trimmed)?.[0] as ProjectStage | undefined) ??
    aliases[trimmed]
  );
}
