// electron/main: 'notify' core events (SLA warnings and breaches) as native notifications. A click
// focuses the window and tells the renderer which conversation to open.
import type { Notification as NotificationT } from 'electron';
import type { CoreEvent } from '../../shared/ipc/contract';

type NotificationCtor = {
  new (opts: Electron.NotificationConstructorOptions): NotificationT;
  isSupported(): boolean;
};

/**
 * Sent to the renderer on CHANNELS.event when a native notification is clicked. Desktop-only and
 * not (yet) part of shared/ipc/contract's events; the renderer ignores event names it doesn't know.
 */
export type NotificationClickedEvent = {
  name: 'notification.clicked';
  payload: { conversationId: number };
};

export function notifyFromEvent(
  evt: CoreEvent,
  o: { Notification: NotificationCtor; onClick(conversationId?: number): void },
): NotificationT | null {
  if (evt.name !== 'notify' || !o.Notification.isSupported()) return null;
  const p = evt.payload;
  const n = new o.Notification({
    title: p.title,
    body: p.body,
    urgency: p.kind === 'breach' ? 'critical' : 'normal',
  });
  n.on('click', () => o.onClick(p.conversationId));
  n.show();
  return n;
}
