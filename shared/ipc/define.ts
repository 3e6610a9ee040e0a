// shared/ipc: how a domain declares its contract methods. Each domain module (shared/ipc/domains/*)
// exports a `methods` map and an `events` map; contract.ts merges them into the one typed map.
import type { z } from 'zod';

export type MethodSpec = {
  input: z.ZodType;
  output: z.ZodType;
  /**
   * A pure read (no writes, no in-memory state the writer invalidates): hosts may serve it from a
   * reader connection so it never queues behind writes. Every other method is a command: it runs on
   * the writer and records the acting agent in the audit log.
   */
  read?: true;
};

/** Identity helper that keeps each entry's literal types (so Input/Output stay precise). */
export const defineMethods = <const M extends Record<string, MethodSpec>>(m: M): M => m;
export const defineEvents = <const E extends Record<string, z.ZodType>>(e: E): E => e;
