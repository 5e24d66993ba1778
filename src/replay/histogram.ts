/**
 * Time histograms with geometric buckets: bucket b holds times t (seconds) with floor(20·ln(1+t)) = b, so a bucket is
 * 5% wide and a percentile read from it is within 2.5% of the exact one. Histograms of different activities, files or
 * machines add up bucket by bucket, which is what lets several activities map to one step and lets Spark or Trino
 * produce the same aggregates (docs/replay-at-scale.md). The SQL spelling of the bucket is `bucketSql`.
 */
export type Histogram = Map<number, number>;

const bucketsPerUnit = 20;

/** SQL for the bucket of a non-negative time in seconds; the same text runs in DuckDB, Spark SQL and Trino. */
export function bucketSql(seconds: string): string {
  return `CAST(floor(${bucketsPerUnit} * ln(1 + greatest(${seconds}, 0))) AS INTEGER)`;
}

export function bucketOf(seconds: number): number {
  return Math.floor(bucketsPerUnit * Math.log1p(Math.max(seconds, 0)));
}

/** The middle of a bucket, in seconds. */
function bucketSeconds(bucket: number): number {
  return Math.expm1((bucket + 0.5) / bucketsPerUnit);
}

/** Lowest time a bucket holds, in seconds. */
function bucketStart(bucket: number): number {
  return Math.expm1(bucket / bucketsPerUnit);
}

function addTo(target: Histogram, bucket: number, count: number): void {
  target.set(bucket, (target.get(bucket) ?? 0) + count);
}

export function mergeInto(target: Histogram, source: Histogram): void {
  for (const [bucket, count] of source) addTo(target, bucket, count);
}

export function total(histogram: Histogram): number {
  let sum = 0;
  for (const count of histogram.values()) sum += count;
  return sum;
}

/** The p-th percentile (0 < p ≤ 100) in seconds, or undefined for an empty histogram. */
export function percentile(histogram: Histogram, p: number): number | undefined {
  const count = total(histogram);
  if (count === 0) return undefined;
  const rank = Math.max(1, Math.ceil((p / 100) * count));
  let seen = 0;
  for (const bucket of [...histogram.keys()].sort((a, b) => a - b)) {
    seen += histogram.get(bucket)!;
    if (seen >= rank) return bucketSeconds(bucket);
  }
  return undefined;
}

/** How many entries are certainly longer than a limit (buckets that start above it). */
export function countAbove(histogram: Histogram, seconds: number): number {
  let count = 0;
  for (const [bucket, entries] of histogram) if (bucketStart(bucket) > seconds) count += entries;
  return count;
}
