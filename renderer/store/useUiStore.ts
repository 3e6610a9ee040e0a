// renderer/store: the one zustand store for UI-only state (selection, filters, layout/overlays),
// combined from slices. Nothing fetched from the core is copied here; read it through selectors.
import { create } from 'zustand';
import { createFiltersSlice, type FiltersSlice } from './slices/filtersSlice';
import { createLayoutSlice, type LayoutSlice } from './slices/layoutSlice';
import { createSelectionSlice, type SelectionSlice } from './slices/selectionSlice';
import { createTimeSlice, type TimeSlice } from './slices/timeSlice';

export type { AssigneeFilter } from './slices/filtersSlice';
export type { View } from './slices/layoutSlice';
export type UiState = SelectionSlice & FiltersSlice & LayoutSlice & TimeSlice;

export const useUiStore = create<UiState>()((...a) => ({
  ...createSelectionSlice(...a),
  ...createFiltersSlice(...a),
  ...createLayoutSlice(...a),
  ...createTimeSlice(...a),
}));

const initialUiState = useUiStore.getState();
/** Tests: back to the initial state (actions included) between tests. */
export const resetUiStore = () => useUiStore.setState(initialUiState, true);
