// renderer/store/slices: time capture's UI state — the activity the agent chose (null = inferred
// from what they do), when they last typed in the composer or moderated (the inference), and the
// timer's keyboard request (the `t` shortcut: start dialog or stop).
import type { StateCreator } from 'zustand';
import type { UiState } from '../useUiStore';

export type TimeSlice = {
  activityOverride: string | null;
  replyingAt: number;
  moderatingAt: number;
  timerRequest: number;
  setActivityOverride(a: string | null): void;
  noteReplying(): void;
  /** Moderation actions call this (the activity becomes moderation for a while). */
  noteModerating(): void;
  requestTimer(): void;
};

export const createTimeSlice: StateCreator<UiState, [], [], TimeSlice> = (set) => ({
  activityOverride: null,
  replyingAt: 0,
  moderatingAt: 0,
  timerRequest: 0,
  setActivityOverride: (activityOverride) => set({ activityOverride }),
  noteReplying: () => set({ replyingAt: Date.now() }),
  noteModerating: () => set({ moderatingAt: Date.now() }),
  requestTimer: () => set((s) => ({ timerRequest: s.timerRequest + 1 })),
});
