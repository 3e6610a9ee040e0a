// electron/core: the ports the core needs from its host (injected by createCore; no module singletons).
// Hosts: electron/main (desktop), electron/server (browser mode), tests.

/** Wall clock, injectable so tests control time. */
export interface Clock {
  now(): number;
}
export const systemClock: Clock = { now: () => Date.now() };

/**
 * Structured logger: a message and a fields object. Never pass secrets: API keys, passwords, tokens.
 * The hosts implement it with pino (electron/core/logging/logger.ts), which also redacts every value
 * given to `registerSecret` — the SecretStore calls it for each secret it reads or writes — in any form.
 */
export interface Logger {
  debug(msg: string, data?: Record<string, unknown>): void;
  info(msg: string, data?: Record<string, unknown>): void;
  warn(msg: string, data?: Record<string, unknown>): void;
  error(msg: string, data?: Record<string, unknown>): void;
  /** Redact this value (and its encodings) from everything logged afterwards. */
  registerSecret?(value: string): void;
}
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** HTTP client (the platform's fetch in production, same in tests against local simulators). */
export type HttpFetch = (url: string, init?: RequestInit) => Promise<Response>;

/**
 * Encrypted secret storage. Desktop: Electron safeStorage; browser mode: AES-256-GCM with an
 * owner-only key file. Values never leave the Node side.
 */
export interface SecretStore {
  get(ref: string): string | null;
  set(ref: string, value: string): void;
  delete(ref: string): void;
  /** Human-readable name of the backend, for diagnostics ("safeStorage", "keyfile"). */
  readonly backend: string;
}
