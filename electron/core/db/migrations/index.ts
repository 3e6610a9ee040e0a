// electron/core/db/migrations: the ordered list. Never edit a released migration; add a new one.
import type { Db } from '../open';
import m0001 from './0001-init';
import m0002 from './0002-sla';
import m0003 from './0003-receipts';
import m0004 from './0004-agents';
import m0007 from './0007-voice';

export type Migration = { version: number; name: string; up(db: Db): void };

// 0005 (time) and 0006 (moderation) are being written on other branches; until they merge, this
// branch reserves their numbers with empty steps so the list stays contiguous. MERGE: replace these
// two placeholders by the real m0005 and m0006.
const reserved = (version: number, name: string): Migration => ({ version, name, up() {} });

export const migrations: readonly Migration[] = [m0001, m0002, m0003, m0004, reserved(5, 'reserved-time'), reserved(6, 'reserved-moderation'), m0007];
