/** The UTC month `YYYY-MM` that `at` falls in: the id of the month's usage document. */
export function periodOf(at: Date): string {
  return `${at.getUTCFullYear()}-${String(at.getUTCMonth() + 1).padStart(2, "0")}`;
}

/** When the month `period` ends and the next one's credits start (00:00 UTC on the 1st). */
export function periodEnd(period: string): Date {
  const [year, month] = period.split("-").map(Number);
  return new Date(Date.UTC(year, month, 1));
}
