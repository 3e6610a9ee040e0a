// electron/core/db/migrations: the ordered list. Never edit a released migration; add a new one.
import type { Db } from '../open';
import m0001 from './0001-init';
import m0002 from './0002-sla';
import m0003 from './0003-receipts';
import m0004 from './0004-agents';
import m0005 from './0005-time';
import m0006 from './0006-moderation';
import m0007 from './0007-voice';
import m0008 from './0008-attempts';
import m0009 from './0009-queue-counts';
import m0010 from './0010-report-indexes';
import m0011 from './0011-tag-catalogue';
import m0012 from './0012-status-log';

export type Migration = { version: number; name: string; up(db: Db): void };

export const migrations: readonly Migration[] = [
  m0001,
  m0002,
  m0003,
  m0004,
  m0005,
  m0006,
  m0007,
  m0008,
  m0009,
  m0010,
  m0011,
  m0012,
];
