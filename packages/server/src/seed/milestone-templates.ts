import type { Tx } from '../context.ts';
import type { MilestoneStepJson } from '../db/schema.ts';

/**
 * The preliminary-work sequence reverse scheduling starts from when a project type has no template
 * of its own. Days are typical calendar durations of each step after the one before it (the policy
 * cuts departments' promised limits by a third); they are data, and a city edits the rows.
 */
export const DEFAULT_MILESTONE_TEMPLATES: {
  code: string;
  sectorCode: string | null;
  name: string;
  steps: MilestoneStepJson[];
}[] = [
  {
    code: 'preliminary',
    sectorCode: null,
    name: '前期工作标准流程',
    steps: [
      { name: '立项', days: 20 },
      { name: '用地预审', days: 20 },
      { name: '环评', days: 30 },
      { name: '规划许可', days: 20 },
      { name: '施工图审查', days: 15 },
      { name: '施工许可', days: 10 },
      { name: '开工', days: 7 },
    ],
  },
];

/** Adds the default templates that are missing; an edited template is left as the city set it. */
export async function ensureMilestoneTemplates(trx: Tx): Promise<void> {
  await trx
    .insertInto('milestone_templates')
    .values(
      DEFAULT_MILESTONE_TEMPLATES.map((template) => ({
        code: template.code,
        sector_code: template.sectorCode,
        name: template.name,
        steps: JSON.stringify(template.steps),
      })),
    )
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
}
