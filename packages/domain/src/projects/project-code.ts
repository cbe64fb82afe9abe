/**
 * 投资项目统一代码 as issued by the national online approval and supervision platform:
 * `YYYY-RRRRRR-DD-TT-NNNNNN` — year, GB/T 2260 division, supervising-industry code, project
 * type, and a six-digit serial whose last digit is a check digit. The check-digit algorithm
 * is not published, so only the shape, the year, and the division are verified here.
 */
export const PROJECT_CODE_PATTERN = /^(\d{4})-(\d{6})-(\d{2})-(\d{2})-(\d{6})$/;

export type ProjectCodeParts = {
  year: number;
  division: string;
  industry: string;
  type: string;
  serial: string;
};

export type ProjectCodeCheck = { ok: true; parts: ProjectCodeParts } | { ok: false; reason: string };

export function checkProjectCode(
  code: string,
  divisionExists: (division: string) => boolean,
  now: Date = new Date(),
): ProjectCodeCheck {
  const match = PROJECT_CODE_PATTERN.exec(code.trim());
  if (!match)
    return { ok: false, reason: '项目代码格式应为 YYYY-RRRRRR-DD-TT-NNNNNN，例如 2020-331102-47-01-123456' };
  const [, yearText = '', division = '', industry = '', type = '', serial = ''] = match;
  const year = Number(yearText);
  // The national platform began issuing codes in 2014 (国办发〔2014〕59号); a code cannot be from the future.
  if (year < 2014 || year > now.getFullYear() + 1)
    return { ok: false, reason: `项目代码中的年份 ${year} 不合理` };
  if (!divisionExists(division)) return { ok: false, reason: `项目代码中的行政区划 ${division} 不存在` };
  if (industry === '00') return { ok: false, reason: '项目代码中的行业代码不能为 00' };
  return { ok: true, parts: { year, division, industry, type, serial } };
}
