// renderer/components: a value that follows its input one painted frame later. Heavy parts of the
// pane (the sanitized thread, the composer) use it so a j/k keystroke paints the new conversation's
// header in the very next frame, and the rest right after.
import { useEffect, useState } from 'react';

export function useAfterPaint<T>(value: T): T {
  const [shown, setShown] = useState(value);
  useEffect(() => {
    if (Object.is(shown, value)) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // requestAnimationFrame runs just before the next paint; the timeout after it, once painted.
    const raf = requestAnimationFrame(() => {
      timer = setTimeout(() => setShown(() => value), 0);
    });
    return () => {
      cancelAnimationFrame(raf);
      if (timer) clearTimeout(timer);
    };
  }, [value, shown]);
  return shown;
}
