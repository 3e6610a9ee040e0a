// renderer/features/shortcuts: the `?` overlay listing every shortcut from the one table. A modal
// dialog: focus moves into it when it opens, Tab stays inside, and focus returns where it was on close.
import { useEffect, useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useUiStore } from '../../store/useUiStore';
import { SHORTCUTS } from './shortcuts';

export function ShortcutHelp() {
  const open = useUiStore((s) => s.helpOpen);
  return open ? <HelpDialog /> : null;
}

function HelpDialog() {
  const { t } = useTranslation();
  const setHelp = useUiStore((s) => s.setHelp);
  const card = useRef<HTMLDivElement>(null);
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    close.current?.focus();
    return () => {
      if (before?.isConnected) before.focus();
    };
  }, []);
  // Keep Tab inside the dialog (aria-modal): wrap from the last focusable control to the first.
  const trapTab = (e: KeyboardEvent) => {
    if (e.key !== 'Tab' || !card.current) return;
    const focusables = [
      ...card.current.querySelectorAll<HTMLElement>(
        'button, [href], input, select, textarea, [tabindex]:not([tabindex="-1"])',
      ),
    ];
    const first = focusables[0];
    const last = focusables[focusables.length - 1];
    if (!first || !last) return;
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  };
  return (
    <div className="overlay" data-testid="shortcut-help-overlay" onClick={() => setHelp(false)}>
      <div
        ref={card}
        className="overlay-card"
        role="dialog"
        aria-modal="true"
        aria-labelledby="shortcut-help-title"
        data-testid="shortcut-help"
        onClick={(e) => e.stopPropagation()}
        onKeyDown={trapTab}
      >
        <h2 id="shortcut-help-title">{t('help.title')}</h2>
        <table>
          <tbody>
            {SHORTCUTS.map((s) => (
              <tr key={s.action} data-action={s.action}>
                <td>
                  <kbd>{s.label}</kbd>
                </td>
                <td>{t(`help.${s.action}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <button ref={close} type="button" onClick={() => setHelp(false)}>
          {t('help.close')}
        </button>
      </div>
    </div>
  );
}
