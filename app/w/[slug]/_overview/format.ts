const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const compact = new Intl.NumberFormat(undefined, { notation: "compact", maximumFractionDigits: 1 });
const usd = new Intl.NumberFormat(undefined, {
  style: "currency",
  currency: "USD",
  maximumFractionDigits: 2,
});
const usdSmall = new Intl.NumberFormat(undefined, {
  style: "currency",
  currency: "USD",
  maximumSignificantDigits: 2,
});
const percent = new Intl.NumberFormat(undefined, { style: "percent", maximumFractionDigits: 1 });

export const formatInteger = (v: number) => integer.format(v);

/** Exact below 10,000, compact ("12.3K") above, with the exact value for a tooltip. */
export const formatCount = (v: number) => (Math.abs(v) < 10_000 ? integer.format(v) : compact.format(v));

/** Cents precision normally; fractions of a cent keep two significant digits so they do not read as $0.00. */
export const formatUsd = (v: number) => (v !== 0 && Math.abs(v) < 0.01 ? usdSmall.format(v) : usd.format(v));

export const formatPercent = (v: number) => percent.format(v);

export const formatMs = (v: number | null) =>
  v === null ? "—" : v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : `${integer.format(v)} ms`;
