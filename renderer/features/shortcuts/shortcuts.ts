// renderer/features/shortcuts: the one table of keyboard shortcuts (the help overlay reads it too).
export type ShortcutId = 'j' | 'k' | 'enter' | 'r' | 'e' | 'a' | 'p' | 'slash' | 'question' | 'escape' | 'send';
export const SHORTCUTS: { id: ShortcutId; keys: string }[] = [
  { id: 'j', keys: 'j' },
  { id: 'k', keys: 'k' },
  { id: 'enter', keys: 'Enter' },
  { id: 'r', keys: 'r' },
  { id: 'e', keys: 'e' },
  { id: 'a', keys: 'a' },
  { id: 'p', keys: 'p' },
  { id: 'slash', keys: '/' },
  { id: 'question', keys: '?' },
  { id: 'escape', keys: 'Esc' },
  { id: 'send', keys: 'Ctrl+Enter' },
];

/** True when the key event comes from a text field (shortcuts other than Esc are then ignored). */
export function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.tagName) return false;
  return el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable;
}
