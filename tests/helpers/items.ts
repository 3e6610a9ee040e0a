// tests/helpers: builders for normalized connector items.
import type { NormalizedItem } from '../../electron/core/connectors/types';

const T0 = Date.parse('2026-11-02T09:00:00Z');

export function item(p: {
  topic: number;
  post: number;
  minute?: number;
  text?: string;
  user?: string;
  staff?: boolean;
  version?: number;
  title?: string;
}): NormalizedItem {
  const at = T0 + (p.minute ?? p.post) * 60_000;
  const text = p.text ?? `Question number ${p.post} about my account`;
  return {
    conversation: {
      externalId: String(p.topic),
      title: p.title ?? `Topic ${p.topic}`,
      url: `https://forum.example/t/t/${p.topic}/1`,
      createdAt: T0 + p.topic * 1000,
      kind: 'topic',
    },
    member: {
      externalId: p.user ?? 'u1',
      username: p.user ?? 'u1',
      displayName: (p.user ?? 'u1').toUpperCase(),
      avatarUrl: null,
      isStaff: p.staff ?? false,
    },
    message: {
      externalId: String(p.post),
      bodyHtml: `<p>${text}</p>`,
      bodyText: text,
      createdAt: at,
      editedAt: p.version && p.version > 1 ? at + 1000 : null,
      version: p.version ?? 1,
      deleted: false,
    },
  };
}
export { T0 };
