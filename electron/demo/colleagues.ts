// electron/demo: the simulated colleagues — other agents of the demo agency who work the same queue
// through the contract, each call made as that agent (`dispatch(method, input, { agentId })`, the
// seam a team mode uses), so the audit log, assignments and replies carry their names. They take
// unassigned conversations from the top of the queue (the most urgent first, never one assigned to
// someone) and answer (then set pending or solved) or solve them.
import type { QueuePage } from '../../shared/ipc/domains/queue';
import type { DemoDispatch } from './types';

export const COLLEAGUES = [
  { name: 'Maja Holm', email: 'maja.holm@demo-agency.example' },
  { name: 'Sam Reyes', email: 'sam.reyes@demo-agency.example' },
] as const;

const REPLIES = [
  'Thanks for reaching out! I have passed this to the team and will update you here as soon as I hear back.',
  'Sorry about the trouble. Could you try signing out and in again and tell us whether it still happens?',
  'Good question! You will find the steps in our help centre under "Getting started". Let us know if anything is unclear.',
  'Thanks for the report, we can reproduce it and a fix is on the way. We will post here when it ships.',
  'Happy to help. I have sent you a private message so we can look at the details without sharing them publicly.',
];

export type ColleagueOutcome = {
  agentId: number;
  conversationId: number;
  action: 'reply-pending' | 'reply-solved' | 'solve';
};

async function call<T>(
  dispatch: DemoDispatch,
  agentId: number,
  method: string,
  input: unknown,
): Promise<T> {
  const r = await dispatch(method, input, { agentId });
  if (!r.ok) throw new Error(`${method}: ${r.error.code}`);
  return r.value as T;
}

/**
 * `count` colleague actions now. `random` is the director's stream (reproducible runs). Returns what
 * was done; a conversation that cannot be answered (e.g. its source refuses replies) is solved instead.
 */
export async function colleaguesAct(o: {
  dispatch: DemoDispatch;
  agentIds: number[];
  count: number;
  random: () => number;
  keyPrefix: string;
}): Promise<ColleagueOutcome[]> {
  const done: ColleagueOutcome[] = [];
  if (o.count <= 0 || o.agentIds.length === 0) return done;
  const page = (await o.dispatch('queue.list', {
    statuses: ['new', 'open'],
    assignee: 'unassigned',
    limit: 20,
  })) as { ok: boolean; value?: QueuePage };
  if (!page.ok || !page.value) return done;
  const rows = [...page.value.rows];
  for (let i = 0; i < o.count && rows.length; i++) {
    // Mostly the most urgent few, sometimes something further down (people are not sorting machines).
    const idx = Math.floor(o.random() ** 2 * Math.min(rows.length, 12));
    const row = rows.splice(idx, 1)[0]!;
    const agentId = o.agentIds[Math.floor(o.random() * o.agentIds.length)]!;
    const r = o.random();
    const action: ColleagueOutcome['action'] =
      r < 0.6 ? 'reply-pending' : r < 0.85 ? 'reply-solved' : 'solve';
    try {
      await call(o.dispatch, agentId, 'conversations.assign', { id: row.id, assigneeId: agentId });
      if (action === 'solve') {
        await call(o.dispatch, agentId, 'conversations.setStatus', {
          id: row.id,
          status: 'solved',
        });
      } else {
        const body = REPLIES[Math.floor(o.random() * REPLIES.length)]!;
        try {
          await call(o.dispatch, agentId, 'replies.send', {
            conversationId: row.id,
            body,
            idempotencyKey: `${o.keyPrefix}-${row.id}-${row.messageCount}`,
            thenStatus: action === 'reply-pending' ? 'pending' : 'solved',
          });
        } catch {
          await call(o.dispatch, agentId, 'conversations.setStatus', {
            id: row.id,
            status: 'solved',
          });
          done.push({ agentId, conversationId: row.id, action: 'solve' });
          continue;
        }
      }
      done.push({ agentId, conversationId: row.id, action });
    } catch {
      // Someone else took it in the meantime, or it disappeared: the next one.
    }
  }
  return done;
}
