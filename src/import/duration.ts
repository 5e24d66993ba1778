/** ISO 8601 durations (timer events) as journey durations (`7d`, `2h`). */

const isoDuration = /^P(?:(\d+(?:[.,]\d+)?)Y)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)W)?(?:(\d+(?:[.,]\d+)?)D)?(?:T(?:(\d+(?:[.,]\d+)?)H)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/;

export interface ReadDuration {
  /** The journey duration, e.g. `36h`. */
  duration: string;
  /** Set when years or months were counted as 365 and 30 days. */
  approximate: boolean;
}

/** Reads `P7D`, `PT2H`, `P1DT12H`, `P2W`; undefined for anything else (cycles, dates, cron, expressions). */
export function fromIsoDuration(text: string): ReadDuration | undefined {
  const match = isoDuration.exec(text.trim());
  if (!match || text.trim() === 'P' || text.trim().endsWith('T')) return undefined;
  const number = (index: number) => Number((match[index] ?? '0').replace(',', '.'));
  const [years, months, weeks, days, hours, minutes, seconds] = [1, 2, 3, 4, 5, 6, 7].map(number) as [number, number, number, number, number, number, number];
  const total = (((years * 365 + months * 30 + weeks * 7 + days) * 24 + hours) * 60 + minutes) * 60 + seconds;
  if (!(total > 0)) return undefined;
  const approximate = years > 0 || months > 0;
  const onlyWeeks = weeks > 0 && !years && !months && !days && !hours && !minutes && !seconds && Number.isInteger(weeks);
  if (onlyWeeks) return { duration: `${weeks}w`, approximate };
  for (const [unit, size] of [['d', 86400], ['h', 3600], ['m', 60]] as const) {
    if (total % size === 0) return { duration: `${total / size}${unit}`, approximate };
  }
  return { duration: `${Math.round(total)}s`, approximate };
}

/** A timer cycle in ISO 8601 (`R6/P1D`, `R/PT1H`) read in words; undefined for cron and other forms. */
export function describeIsoCycle(text: string): string | undefined {
  const match = /^R(\d*)\/(?:[^/]+\/)?(P[^/]+)$/.exec(text.trim());
  if (!match) return undefined;
  const every = fromIsoDuration(match[2]!);
  if (!every) return undefined;
  return `every ${every.duration}${match[1] ? `, ${match[1]} times` : ''}`;
}
