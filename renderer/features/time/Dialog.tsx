// renderer/features/time: a modal dialog for the time screens (timer start, idle review, entry
// add/edit): focus moves into it, Tab stays inside, Escape closes, focus returns on close.
import { useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';

export function Dialog(p: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  testId: string;
  dismissible?: boolean;
}) {
  const card = useRef<HTMLDivElement>(null);
  const titleId = `${p.testId}-title`;
  useEffect(() => {
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const first = card.current?.querySelector<HTMLElement>(
      '[data-autofocus], input, select, textarea, button',
    );
    first?.focus();
    return () => {
      if (before?.isConnected) before.focus();
    };
  }, []);
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && p.dismissible !== false) {
      e.stopPropagation();
      e.preventDefault();
      p.onClose();
      return;
    }
    if (e.key !== 'Tab' || !card.current) return;
    const focusables = [
      ...card.current.querySelectorAll<HTMLElement>(
        'button:not([disabled]), [href], input, select, textarea, [tabindex]:not([tabindex="-1"])',
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
    <div className="overlay" onClick={() => p.dismissible !== false && p.onClose()}>
      <div
        ref={card}
        className="overlay-card time-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        data-testid={p.testId}
        onClick={(e) => e.stopPropagation()}
        onKeyDown={onKeyDown}
      >
        <h2 id={titleId}>{p.title}</h2>
        {p.children}
      </div>
    </div>
  );
}
