// renderer/store/slices: the view (queue / SLA board / time / reports / settings), overlays and focus requests.
// Focus requests: the search box focuses when its counter changes; a composer focus request waits
// until a composer is there to take it.
import type { StateCreator } from 'zustand';
import type { UiState } from '../useUiStore';

export type View = 'queue' | 'board' | 'time' | 'reports' | 'settings';

export type LayoutSlice = {
  view: View;
  helpOpen: boolean;
  briefingOpen: boolean;
  composerFocusRequested: boolean;
  searchFocusTick: number;
  /** A moderation action asked for from the keyboard (the pane opens its form); tick makes repeats count. */
  moderationRequest: { kind: string; tick: number } | null;
  /**
   * The feedback picker (key `f`): open for the selected conversation, on this member message (null:
   * the latest member message).
   */
  feedbackRequest: { messageId: number | null } | null;
  setView(v: View): void;
  setHelp(open: boolean): void;
  toggleBriefing(): void;
  focusComposer(): void;
  composerFocused(): void;
  focusSearch(): void;
  requestModeration(kind: string): void;
  moderationHandled(): void;
  requestFeedback(messageId: number | null): void;
  closeFeedback(): void;
};

export const createLayoutSlice: StateCreator<UiState, [], [], LayoutSlice> = (set) => ({
  view: 'queue',
  helpOpen: false,
  briefingOpen: true,
  composerFocusRequested: false,
  searchFocusTick: 0,
  moderationRequest: null,
  feedbackRequest: null,
  setView: (view) => set({ view }),
  setHelp: (helpOpen) => set({ helpOpen }),
  toggleBriefing: () => set((s) => ({ briefingOpen: !s.briefingOpen })),
  focusComposer: () => set({ view: 'queue', composerFocusRequested: true }),
  composerFocused: () => set({ composerFocusRequested: false }),
  focusSearch: () => set((s) => ({ view: 'queue', searchFocusTick: s.searchFocusTick + 1 })),
  requestModeration: (kind) =>
    set((s) => ({
      view: 'queue',
      moderationRequest: { kind, tick: (s.moderationRequest?.tick ?? 0) + 1 },
    })),
  moderationHandled: () => set({ moderationRequest: null }),
  requestFeedback: (messageId) => set({ view: 'queue', feedbackRequest: { messageId } }),
  closeFeedback: () => set({ feedbackRequest: null }),
});
