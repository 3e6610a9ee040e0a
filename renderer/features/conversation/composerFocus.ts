// renderer/features/conversation: which composer textarea is on screen, so the `r` shortcut can focus
// it within the same keystroke. Kept apart from the composer itself, which loads as its own chunk
// (language detection, the template parser and the guideline linter are not needed for the first
// queue page), while the shortcut handler is part of the first bundle.

// Set by a ref callback, i.e. in the same commit that puts the textarea in the DOM (a passive effect
// could run later, and `r` pressed in between would find no composer although one is on screen).
let activeComposer: HTMLTextAreaElement | null = null;

export function registerComposer(el: HTMLTextAreaElement): () => void {
  activeComposer = el;
  return () => {
    if (activeComposer === el) activeComposer = null;
  };
}

export function focusActiveComposer(): boolean {
  activeComposer?.focus();
  return activeComposer != null;
}
