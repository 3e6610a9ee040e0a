// renderer/features/shortcuts: THE table of keyboard shortcuts. The global handler dispatches
// from it and the `?` overlay lists it, so the two can never disagree.
export type ShortcutAction =
  | 'next'
  | 'prev'
  | 'open'
  | 'reply'
  | 'solve'
  | 'assignMe'
  | 'pending'
  | 'search'
  | 'help'
  | 'escape'
  | 'send'
  | 'timer'
  | 'feedback'
  | ModerationShortcut
  | ViewShortcut;

/** The tabs of the top bar, one digit each, in the order the bar shows them. */
export const VIEW_KEYS = {
  queue: '1',
  board: '2',
  time: '3',
  reports: '4',
  settings: '5',
} as const;
export type ViewKey = keyof typeof VIEW_KEYS;
export type ViewShortcut = `view_${ViewKey}`;
export const isViewShortcut = (a: ShortcutAction): a is ViewShortcut => a.startsWith('view_');

/**
 * Moderation actions: Shift + a letter (capitals), so they never clash with the lower-case triage
 * keys; each opens the action form of the selected conversation when its source offers the action.
 */
export const MODERATION_KEYS = {
  approve: 'A',
  remove: 'X',
  restore: 'O',
  lock: 'L',
  unlock: 'U',
  ban: 'B',
  unban: 'N',
  timeout: 'T',
  silence: 'S',
  suspend: 'P',
  delete: 'D',
} as const;
export type ModerationKey = keyof typeof MODERATION_KEYS;
export type ModerationShortcut = `mod_${ModerationKey}`;
export const isModerationShortcut = (a: ShortcutAction): a is ModerationShortcut =>
  a.startsWith('mod_');

export type Shortcut = {
  action: ShortcutAction;
  /** KeyboardEvent.key values that trigger it. */
  keys: string[];
  /** How the overlay shows it. */
  label: string;
  /** Handled by the window-level handler (false: handled where it applies, e.g. in the composer). */
  global: boolean;
};

export const SHORTCUTS: readonly Shortcut[] = [
  { action: 'next', keys: ['j'], label: 'j', global: true },
  { action: 'prev', keys: ['k'], label: 'k', global: true },
  { action: 'open', keys: ['Enter'], label: 'Enter', global: true },
  { action: 'reply', keys: ['r'], label: 'r', global: true },
  { action: 'solve', keys: ['e'], label: 'e', global: true },
  { action: 'assignMe', keys: ['a'], label: 'a', global: true },
  { action: 'pending', keys: ['p'], label: 'p', global: true },
  { action: 'search', keys: ['/'], label: '/', global: true },
  { action: 'help', keys: ['?'], label: '?', global: true },
  { action: 'escape', keys: ['Escape'], label: 'Esc', global: true },
  { action: 'send', keys: ['Enter'], label: 'Ctrl+Enter / ⌘+Enter', global: false },
  { action: 'timer', keys: ['t'], label: 't', global: true },
  { action: 'feedback', keys: ['f'], label: 'f', global: true },
  ...(Object.entries(VIEW_KEYS) as Array<[ViewKey, string]>).map(([view, key]): Shortcut => ({
    action: `view_${view}`,
    keys: [key],
    label: key,
    global: true,
  })),
  ...(Object.entries(MODERATION_KEYS) as Array<[ModerationKey, string]>).map(
    ([kind, key]): Shortcut => ({
      action: `mod_${kind}`,
      keys: [key],
      label: `Shift+${key}`,
      global: true,
    }),
  ),
];

const byKey = new Map<string, ShortcutAction>();
for (const s of SHORTCUTS) if (s.global) for (const k of s.keys) byKey.set(k, s.action);

/** The global action for a key press, if any (modifier chords other than Shift are not ours). */
export function actionFor(
  e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>,
): ShortcutAction | undefined {
  if (e.ctrlKey || e.metaKey || e.altKey) return undefined;
  return byKey.get(e.key);
}

/** True when the key event comes from a text field (shortcuts other than Esc are then ignored). */
export function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.tagName) return false;
  return (
    el.tagName === 'INPUT' ||
    el.tagName === 'TEXTAREA' ||
    el.tagName === 'SELECT' ||
    el.isContentEditable
  );
}

/** Ctrl+Enter (Cmd+Enter on a Mac) sends from the composer. */
export function isSendChord(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey'>): boolean {
  return e.key === 'Enter' && (e.ctrlKey || e.metaKey);
}
