// renderer/store/slices: which queue row is selected. Selection = open: the conversation pane
// shows selectedId. The index is where it was picked; the id is what stays open if the queue re-sorts.
import type { StateCreator } from 'zustand';
import type { UiState } from '../useUiStore';

export type SelectionSlice = {
  selectedIndex: number;
  selectedId: number | null;
  select(index: number, id: number | null): void;
};

export const createSelectionSlice: StateCreator<UiState, [], [], SelectionSlice> = (set) => ({
  selectedIndex: -1,
  selectedId: null,
  // A pending `r` (composer focus) was meant for the conversation being left.
  select: (selectedIndex, selectedId) =>
    set({ selectedIndex, selectedId, composerFocusRequested: false }),
});
