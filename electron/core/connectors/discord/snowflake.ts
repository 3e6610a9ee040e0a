// electron/core/connectors/discord: snowflake ids (pure). A Discord id is a 64-bit integer sent as a
// decimal string; its top 42 bits are milliseconds since the Discord epoch (2015-01-01), so ids sort
// by creation time. Compared as BigInt (they exceed 2^53).

export const DISCORD_EPOCH = 1_420_070_400_000n;
const MAX = (1n << 64n) - 1n;
const RE = /^\d{1,20}$/;

/** A well-formed snowflake: 1–20 decimal digits within 64 bits (no sign, no spaces). */
export function isSnowflake(v: unknown): v is string {
  return typeof v === 'string' && RE.test(v) && BigInt(v) <= MAX;
}

/** Creation time in ms since the Unix epoch. */
export function snowflakeTime(id: string): number {
  return Number((BigInt(id) >> 22n) + DISCORD_EPOCH);
}

/** The smallest snowflake created at or after `ms` (for `after=` queries from a time). */
export function snowflakeAt(ms: number): string {
  const t = BigInt(Math.max(0, Math.floor(ms))) - DISCORD_EPOCH;
  return (t > 0n ? t << 22n : 0n).toString();
}

export function compareSnowflakes(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export const maxSnowflake = (a: string, b: string): string =>
  compareSnowflakes(a, b) >= 0 ? a : b;

/** `id - 1` (so that `after=` includes `id` itself, e.g. a forum post whose first message id is the thread id). */
export function snowflakeBefore(id: string): string {
  const n = BigInt(id);
  return (n > 0n ? n - 1n : 0n).toString();
}
