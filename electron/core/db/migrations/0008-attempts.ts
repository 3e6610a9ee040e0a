// Migration 8: when the outbox's last attempt left (outbox.attempted_at). A reply whose outcome is
// unknown is only resent when reconciliation found nothing AND that attempt can no longer be in
// flight: a request from a process that died may still be applied by the platform moments later.
import type { Migration } from './index';

const m: Migration = {
  version: 8,
  name: 'attempts',
  up(db) {
    db.exec(`ALTER TABLE outbox ADD COLUMN attempted_at INTEGER;`);
    // Rows interrupted before this version: their last change is the best estimate.
    db.exec(`UPDATE outbox SET attempted_at = updated_at WHERE state IN ('sending','unknown')`);
  },
};
export default m;
