/** Money is integer minor units plus an ISO 4217 code; these are the only conversions Mosaic makes. */

const digitsCache = new Map<string, number>();

/** Minor-unit digits of a currency (USD 2, JPY 0, KWD 3), from the platform's ISO 4217 data. */
export function minorDigits(currency: string): number {
  let digits = digitsCache.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsCache.set(currency, digits);
  }
  return digits;
}

export function isCurrencyCode(code: string): boolean {
  if (!/^[A-Z]{3}$/.test(code)) return false;
  try {
    new Intl.NumberFormat('en', { style: 'currency', currency: code });
    return Intl.supportedValuesOf('currency').includes(code);
  } catch {
    return false;
  }
}

/**
 * USD cents for an amount: rates are "USD per one unit of the currency", kept per call so a
 * decision can always be recomputed. Rounds down: a tier boundary is never crossed by rounding up.
 */
export function toUsdMinor(amountMinor: number, currency: string, usdRates: Record<string, number>): number | null {
  if (currency === 'USD') return amountMinor;
  const rate = usdRates[currency];
  if (!rate || rate <= 0) return null;
  return Math.floor((amountMinor / 10 ** minorDigits(currency)) * rate * 100);
}

/** "1 234,50 €" in the reader's language. */
export function formatMoney(amountMinor: number, currency: string, language: string): string {
  return new Intl.NumberFormat(language, { style: 'currency', currency }).format(amountMinor / 10 ** minorDigits(currency));
}

/** "1234.5" or "1 234,50" typed by a person, to minor units; null when it is not an amount. */
export function parseMoney(text: string, currency: string): number | null {
  const cleaned = text.trim().replace(/[\s\u00a0\u202f']/g, '');
  if (!/^\d+([.,]\d+)?$/.test(cleaned)) return null;
  const digits = minorDigits(currency);
  const [whole, fraction = ''] = cleaned.split(/[.,]/);
  if (fraction.length > digits) return null;
  return Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || 0);
}
