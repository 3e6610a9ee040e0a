// electron/core/db/repositories: row <-> domain mapping helpers shared by the repositories.
export const NO_DUE = 8_640_000_000_000_000;
export const iso = (ms: number): string => new Date(ms).toISOString();
export const isoOrNull = (ms: number | null | undefined): string | null =>
  ms == null ? null : iso(ms);
export const dueIso = (ms: number | null | undefined): string | null =>
  ms == null || ms >= NO_DUE ? null : iso(ms);
export function parseJson<T>(text: string | null | undefined, fallback: T): T {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}
