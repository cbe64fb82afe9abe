import type { FundingSource, ProjectStage } from '@beacon/domain';
import dayjs, { type Dayjs } from 'dayjs';
import type { CreateProjectBody, Project, TeamMember } from '../../api/types.ts';

/** What the antd form holds: dates as Dayjs, coordinates as numbers, optional text as strings. */
export type ProjectFormValues = {
  name: string;
  code?: string;
  ownerName: string;
  regionCode: string;
  address?: string;
  lng?: number | null;
  lat?: number | null;
  sectorCode: string;
  fundingSource: FundingSource;
  highTech: boolean;
  totalInvestment: string;
  content?: string;
  startYear?: number | null;
  endYear?: number | null;
  plannedYear?: number | null;
  plannedStart?: Dayjs | null;
  plannedCompletion?: Dayjs | null;
  actualStart?: Dayjs | null;
  actualCompletion?: Dayjs | null;
  stage: ProjectStage;
  lists: string[];
  leadingOfficial?: string;
  officialInCharge?: string;
  responsibleDepartmentId?: string | null;
  serviceUnitIds: string[];
  team: TeamMember[];
};

export const DATE_FIELDS = ['plannedStart', 'plannedCompletion', 'actualStart', 'actualCompletion'] as const;

/** "12345.6700" → "12345.67": the stored scale is noise in an input box. */
function trimDecimal(value: string): string {
  return value.includes('.') ? value.replace(/0+$/, '').replace(/\.$/, '') : value;
}

const toDay = (value: string | null) => (value ? dayjs(value) : null);

export function valuesFromProject(project: Project): ProjectFormValues {
  return {
    name: project.name,
    code: project.code ?? '',
    ownerName: project.ownerName,
    regionCode: project.regionCode,
    address: project.address ?? '',
    lng: project.lng === null ? null : Number(project.lng),
    lat: project.lat === null ? null : Number(project.lat),
    sectorCode: project.sectorCode,
    fundingSource: project.fundingSource,
    highTech: project.highTech,
    totalInvestment: trimDecimal(project.totalInvestment),
    content: project.content ?? '',
    startYear: project.startYear,
    endYear: project.endYear,
    plannedYear: project.plannedYear,
    plannedStart: toDay(project.plannedStart),
    plannedCompletion: toDay(project.plannedCompletion),
    actualStart: toDay(project.actualStart),
    actualCompletion: toDay(project.actualCompletion),
    stage: project.stage,
    lists: project.lists,
    leadingOfficial: project.leadingOfficial ?? '',
    officialInCharge: project.officialInCharge ?? '',
    responsibleDepartmentId: project.responsibleDepartmentId,
    serviceUnitIds: project.serviceUnitIds,
    team: project.team,
  };
}

const textOrNull = (value: string | undefined) => (value?.trim() ? value.trim() : null);
const dayOrNull = (value: Dayjs | null | undefined) => (value ? value.format('YYYY-MM-DD') : null);
const numberOrNull = (value: number | null | undefined) => (typeof value === 'number' ? value : null);

export function bodyFromValues(values: ProjectFormValues): CreateProjectBody {
  return {
    name: values.name.trim(),
    code: textOrNull(values.code),
    ownerName: values.ownerName.trim(),
    regionCode: values.regionCode,
    address: textOrNull(values.address),
    lng: numberOrNull(values.lng),
    lat: numberOrNull(values.lat),
    sectorCode: values.sectorCode,
    fundingSource: values.fundingSource,
    highTech: values.highTech,
    totalInvestment: values.totalInvestment.trim(),
    content: textOrNull(values.content),
    startYear: numberOrNull(values.startYear),
    endYear: numberOrNull(values.endYear),
    plannedYear: numberOrNull(values.plannedYear),
    plannedStart: dayOrNull(values.plannedStart),
    plannedCompletion: dayOrNull(values.plannedCompletion),
    actualStart: dayOrNull(values.actualStart),
    actualCompletion: dayOrNull(values.actualCompletion),
    stage: values.stage,
    lists: values.lists,
    leadingOfficial: textOrNull(values.leadingOfficial),
    officialInCharge: textOrNull(values.officialInCharge),
    responsibleDepartmentId: values.responsibleDepartmentId ?? null,
    serviceUnitIds: values.serviceUnitIds,
    team: values.team.map((member) => ({
      name: member.name.trim(),
      duty: (member.duty ?? '').trim(),
      ...(member.phone?.trim() ? { phone: member.phone.trim() } : {}),
    })),
  };
}

/**
 * Server error fields are "body.name", "name" or "body.team.0.name"; the form wants
 * ['team', 0, 'name']. Returns null for what no form field shows (the whole body, say).
 */
export function formPathOf(field: string, known: ReadonlySet<string>): (string | number)[] | null {
  const parts = field.replace(/^body\./, '').split('.');
  if (!parts[0] || !known.has(parts[0])) return null;
  return parts.map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}
