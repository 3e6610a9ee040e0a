// electron/core/connectors/email: the cursor — the only memory between polls. JSON-safe:
//   { v: 1, uidValidity, lastUid, lastDate, threads }
// `uidValidity` + `lastUid` say where the UID catch-up continues; a different UIDVALIDITY (the mailbox
// was recreated or renumbered) re-syncs from a day before `lastDate` (the newest INTERNALDATE seen),
// and the Message-ID keys make the repeat harmless. `threads` is the bounded threading memory
// (thread.ts). An unreadable cursor counts as a first sync.
import { ThreadMemory, type ThreadMemoryJson } from './thread';

export type EmailCursor = {
  uidValidity: string | null;
  lastUid: number;
  lastDate: number | null;
  memory: ThreadMemory;
};
export type EmailCursorJson = {
  v: 1;
  uidValidity: string | null;
  lastUid: number;
  lastDate: number | null;
  threads: ThreadMemoryJson;
};

export function readCursor(c: unknown): EmailCursor {
  const o = c && typeof c === 'object' && !Array.isArray(c) ? (c as Partial<EmailCursorJson>) : {};
  const ok = o.v === 1;
  return {
    uidValidity: ok && typeof o.uidValidity === 'string' ? o.uidValidity : null,
    lastUid: ok && Number.isSafeInteger(o.lastUid) && o.lastUid! >= 0 ? o.lastUid! : 0,
    lastDate:
      ok && typeof o.lastDate === 'number' && Number.isFinite(o.lastDate) ? o.lastDate : null,
    memory: ThreadMemory.fromJson(ok ? o.threads : undefined),
  };
}

export function writeCursor(c: EmailCursor): EmailCursorJson {
  return {
    v: 1,
    uidValidity: c.uidValidity,
    lastUid: c.lastUid,
    lastDate: c.lastDate,
    threads: c.memory.toJson(),
  };
}
