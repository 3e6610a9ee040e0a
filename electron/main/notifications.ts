// electron/main: SLA warnings and breaches as native notifications; a click opens the window.
import type { Notification as NotificationT } from 'electron';
import type { CoreEvent } from '../../shared/ipc/contract';

export function notifyFromEvent(
  evt: CoreEvent,
  o: { Notification: { new (opts: Electron.NotificationConstructorOptions): NotificationT; isSupported(): boolean }; onClick(conversationId?: number): void },
): NotificationT | null {
  if (evt.name !== 'notify' || !o.Notification.isSupported()) return null;
  const n = new o.Notification({ title: evt.payload.title, body: evt.payload.body, urgency: evt.payload.kind === 'breach' ? 'critical' : 'normal' });
  n.on('click', () => o.onClick(evt.payload.conversationId));
  n.show();
  return n;
}
