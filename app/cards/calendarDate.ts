/** A day as HubSpot's DateInput gives and takes it: calendar parts with a 0-based month. */
export type CalendarDate = { year: number; month: number; date: number };

/** The backend takes days as YYYY-MM-DD; anything else shows an empty picker. */
export function calendarDateOf(iso: string): CalendarDate | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return match ? { year: Number(match[1]), month: Number(match[2]) - 1, date: Number(match[3]) } : undefined;
}

export const isoDateOf = ({ year, month, date }: CalendarDate): string =>
  `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${String(date).padStart(2, '0')}`;
