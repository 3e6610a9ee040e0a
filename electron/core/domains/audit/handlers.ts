// electron/core/domains/audit: reading the audit log.
import type { RoomHandlers } from '../../../../shared/ipc/contract';
import type { HandlerDeps } from '../deps';

export function createAuditHandlers(d: HandlerDeps): RoomHandlers<'audit.list'> {
  return { 'audit.list': (f) => d.repos.audit.list(f) };
}
