import { formatMoney, parseWan, roundHalfUp } from '@beacon/domain';
import dayjs from 'dayjs';

/** A 万元 decimal string as a grouped number with two decimals, e.g. "12,345.67". */
export function formatWanNumber(decimal: string): string {
  const [whole = '', fraction] = roundHalfUp(parseWan(decimal), 'wan', 2).split('.');
  return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${fraction ? '.' + fraction : ''}`;
}

/** A 万元 decimal string in 亿元, the unit leaders read totals in, e.g. "1.23 亿元". */
export function formatYi(decimal: string): string {
  return formatMoney(parseWan(decimal), 'yi', 2);
}

/** Like formatYi, but quiet on input that is not (yet) a valid amount, for hints while typing. */
export function tryFormatYi(text: string | undefined): string | null {
  if (!text || !/^\d{1,14}(\.\d{1,4})?$/.test(text)) return null;
  return formatYi(text);
}

export function formatDateTime(iso: string | null | undefined): string {
  return iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '—';
}

export function formatDate(iso: string | null | undefined): string {
  return iso ? iso.slice(0, 10) : '—';
}
