// electron/core/domains/conversations: the drafts repository (one autosaved draft per conversation).
import type { Db } from '../../db/open';

export function createDraftsRepo(db: Db) {
  return {
    get(conversationId: number): string {
      return (
        db
          .prepare<[number], { body: string }>('SELECT body FROM drafts WHERE conversation_id = ?')
          .get(conversationId)?.body ?? ''
      );
    },
    save(conversationId: number, body: string, now: number): void {
      if (body === '') {
        db.prepare('DELETE FROM drafts WHERE conversation_id = ?').run(conversationId);
        return;
      }
      db.prepare(
        `INSERT INTO drafts (conversation_id, body, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (conversation_id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at`,
      ).run(conversationId, body, now);
    },
  };
}
