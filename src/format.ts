/** Numbers, percentages, signed differences and dates in Italian: the one place that formats. Pure. */

const integer = new Intl.NumberFormat('it-IT', { useGrouping: 'always', maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('it-IT', { useGrouping: 'always', maximumFractionDigits: 1 });
const longDate = new Intl.DateTimeFormat('it-IT', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** The typographic minus, as printed material uses it. */
export const MINUS = '\u2212';

/** 1001148 -> "1.001.148"; 9.06 -> "9" (counts are shown whole). */
export function formatNumber(n: number): string {
  return integer.format(n).replace('-', MINUS);
}

/** 9.06 -> "9,1" (for ratios that need a decimal). */
export function formatDecimal(n: number): string {
  return oneDecimal.format(n).replace('-', MINUS);
}

/** 0.5134 -> "51%" (a share between 0 and 1, rounded to a whole percent). */
export function formatPercent(share: number, digits = 0): string {
  const f = new Intl.NumberFormat('it-IT', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  return `${f.format(share * 100).replace('-', MINUS)}%`;
}

/** 108 -> "+108"; -283 -> "−283" (real minus); 0 -> "0". */
export function formatSigned(n: number): string {
  if (n > 0) return `+${formatNumber(n)}`;
  return formatNumber(n);
}

/** 0.078 -> "+7,8%" (a relative change). */
export function formatSignedPercent(change: number, digits = 1): string {
  const s = formatPercent(change, digits);
  return change > 0 ? `+${s}` : s;
}

/** "2026-05-16" -> "16 maggio 2026". */
export function formatDate(iso: string): string {
  return longDate.format(new Date(`${iso}T00:00:00Z`));
}
