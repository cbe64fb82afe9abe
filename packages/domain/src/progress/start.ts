import type { ProjectStage } from '../projects/stages.ts';

/**
 * The stage a project moves to when an accepted monthly report states the date work started
 * (开工). Policy section 5 counts a project as started (开工一批) from the start of work, not from
 * the end of its paperwork: a report the county has accepted is that evidence, so a project still
 * in planning, reserve or preliminary work moves straight to construction, skipping the steps the
 * registry's own transitions would ask for. Null when the stage stays as it is.
 */
export function stageOnStart(stage: ProjectStage): ProjectStage | null {
  return stage === 'planning' || stage === 'reserve' || stage === 'preliminary' ? 'construction' : null;
}
