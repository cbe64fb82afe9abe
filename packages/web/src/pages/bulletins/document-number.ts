import { documentNumber } from '@beacon/domain';

/**
 * The seed city's office prefix, used only until a first bulletin is published: later suggestions
 * follow whatever prefix the city actually used.
 */
const FIRST_PREFIX = '丽投办';

const PATTERN = /^(.*)〔(\d{4})〕(\d+)号$/;

/**
 * The next document number (发文字号) after the published ones: same prefix as the latest, the
 * bulletin's year, one more than the highest number of that prefix and year, e.g. 丽投办〔2020〕5号
 * after 丽投办〔2020〕4号.
 */
export function suggestDocumentNumber(
  published: readonly { documentNumber: string | null; publishedAt: string | null }[],
  year: number,
): string {
  const parsed = published
    .filter((close) => close.documentNumber !== null)
    .sort((a, b) => (b.publishedAt ?? '').localeCompare(a.publishedAt ?? ''))
    .map((close) => PATTERN.exec(close.documentNumber!.trim()))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ prefix: match[1]!, year: Number(match[2]), sequence: Number(match[3]) }));
  const prefix = parsed[0]?.prefix ?? FIRST_PREFIX;
  const highest = parsed
    .filter((entry) => entry.prefix === prefix && entry.year === year)
    .reduce((max, entry) => Math.max(max, entry.sequence), 0);
  return documentNumber(prefix, year, highest + 1);
}
