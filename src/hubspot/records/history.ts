import type { PropertyHistory } from '../integrity/verify.ts';

/**
 * A record's properties as they stood at `at`, from HubSpot's property history: for each property
 * with history, its newest value written at or before `at` (null before its first value); the
 * others keep their current value.
 */
export function propertiesAt(current: Readonly<Record<string, string | null>>, history: PropertyHistory, at: number): Record<string, string | null> {
  const values: Record<string, string | null> = { ...current };
  for (const [name, entries] of Object.entries(history)) {
    if (!entries) continue;
    const entry = [...entries].sort((a, b) => Date.parse(b.timestamp) - Date.parse(a.timestamp)).find((candidate) => Date.parse(candidate.timestamp) <= at);
    values[name] = entry ? entry.value : null;
  }
  return values;
}

/** When the property last changed to its current value (null when history does not say). */
export function enteredCurrentValueAt(history: PropertyHistory, name: string, current: string | null | undefined): number | null {
  const entries = [...(history[name] ?? [])].sort((a, b) => Date.parse(b.timestamp) - Date.parse(a.timestamp));
  const newest = entries[0];
  if (!newest || newest.value !== (current ?? '')) return null;
  let since = Date.parse(newest.timestamp);
  for (const entry of entries.slice(1)) {
    if (entry.value !== newest.value) break;
    since = Date.parse(entry.timestamp);
  }
  return since;
}
