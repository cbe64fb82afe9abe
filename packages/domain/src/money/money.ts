/**
 * Money is held as a bigint count of yuan-ten-thousandths of 万元, i.e. whole fen are not
 * needed: the registry stores 万元 with four decimals, which is exactly one yuan. All
 * arithmetic is integer arithmetic so a sum of thousands of projects never drifts.
 */
export type Wan = bigint;

const WAN_SCALE = 4;
const SCALE = 10n ** BigInt(WAN_SCALE);
const DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?$/;

export class MoneyFormatError extends Error {}

/** Parses a decimal string (or a finite number written by a spreadsheet) into yuan units of 万元. */
export function parseWan(input: string | number, unit: 'wan' | 'yi' = 'wan'): Wan {
  const text = typeof input === 'number' ? numberToPlainString(input) : input.trim().replace(/,/g, '');
  const match = DECIMAL.exec(text);
  if (!match) throw new MoneyFormatError(`不是有效的金额：${String(input)}`);
  const [, sign = '', whole = '0', fraction = ''] = match;
  // 1 亿元 = 10 000 万元: shift the decimal point four places instead of multiplying a float.
  const shift = unit === 'yi' ? 4 : 0;
  const digits = fraction.padEnd(WAN_SCALE + shift, '0');
  const kept = digits.slice(0, WAN_SCALE + shift);
  if (/[1-9]/.test(digits.slice(WAN_SCALE + shift))) {
    throw new MoneyFormatError(`金额精度超过 1 元：${String(input)}`);
  }
  const value = BigInt(whole + kept);
  return sign === '-' ? -value : value;
}

/** Canonical decimal string in 万元 with four decimals, as stored in SQL numeric columns. */
export function wanToDecimal(value: Wan): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const whole = abs / SCALE;
  const fraction = (abs % SCALE).toString().padStart(WAN_SCALE, '0');
  return `${negative ? '-' : ''}${whole}.${fraction}`;
}

/**
 * Rounds to `decimals` places, half away from zero ("四舍五入", the rounding used in every
 * official statistical table).
 */
export function roundHalfUp(value: Wan, unit: 'wan' | 'yi', decimals: number): string {
  const unitScale = unit === 'yi' ? SCALE * 10_000n : SCALE;
  const target = 10n ** BigInt(decimals);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const scaled = (abs * target * 2n + unitScale) / (unitScale * 2n);
  const whole = scaled / target;
  const fraction = decimals > 0 ? '.' + (scaled % target).toString().padStart(decimals, '0') : '';
  return `${negative && scaled !== 0n ? '-' : ''}${whole}${fraction}`;
}

/** Display string, e.g. "12,345.67 万元" or "1.23 亿元". */
export function formatMoney(value: Wan, unit: 'wan' | 'yi' = 'wan', decimals = 2): string {
  const [whole = '', fraction] = roundHalfUp(value, unit, decimals).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${grouped}${fraction ? '.' + fraction : ''} ${unit === 'yi' ? '亿元' : '万元'}`;
}

export function sumWan(values: Iterable<Wan>): Wan {
  let total = 0n;
  for (const value of values) total += value;
  return total;
}

function numberToPlainString(value: number): string {
  if (!Number.isFinite(value)) throw new MoneyFormatError(`不是有效的金额：${value}`);
  // Spreadsheets hand over doubles; 15 significant digits is what Excel itself shows.
  const text = value.toPrecision(15);
  return text.includes('e') ? BigInt(Math.round(value)).toString() : text.replace(/\.?0+$/, '');
}
