// electron/core/db/migrations: the ordered list. Never edit a released migration; add a new one.
import type { Db } from '../open';
import m0001 from './0001-init';
import m0002 from './0002-sla';
import m0003 from './0003-queue-counts';

export type Migration = { version: number; name: string; up(db: Db): void };

export const migrations: readonly Migration[] = [m0001, m0002, m0003];
