// renderer/store: the one zustand store for UI-only state (selection, filters, overlays), built from
// slices. Nothing fetched from the core is copied here.
import { create, type StateCreator } from 'zustand';
import type { ConversationStatus } from '../../shared/domain/entities';

export type View = 'queue' | 'board' | 'settings';

type SelectionSlice = {
  selectedIndex: number;
  selectedId: number | null;
  select(index: number, id: number | null): void;
};
type FiltersSlice = {
  clientIds: number[];
  statuses: ConversationStatus[];
  assignee: 'any' | 'me' | 'unassigned';
  search: string;
  toggleClient(id: number): void;
  toggleStatus(s: ConversationStatus): void;
  setAssignee(a: 'any' | 'me' | 'unassigned'): void;
  setSearch(s: string): void;
};
type LayoutSlice = {
  view: View;
  helpOpen: boolean;
  briefingOpen: boolean;
  composerFocusTick: number;
  searchFocusTick: number;
  setView(v: View): void;
  setHelp(open: boolean): void;
  toggleBriefing(): void;
  focusComposer(): void;
  focusSearch(): void;
};
export type UiState = SelectionSlice & FiltersSlice & LayoutSlice;

const createSelectionSlice: StateCreator<UiState, [], [], SelectionSlice> = (set) => ({
  selectedIndex: -1,
  selectedId: null,
  select: (index, id) => set({ selectedIndex: index, selectedId: id }),
});
const toggle = <T,>(list: T[], v: T) => (list.includes(v) ? list.filter((x) => x !== v) : [...list, v]);
const createFiltersSlice: StateCreator<UiState, [], [], FiltersSlice> = (set) => ({
  clientIds: [],
  statuses: [],
  assignee: 'any',
  search: '',
  toggleClient: (id) => set((s) => ({ clientIds: toggle(s.clientIds, id), selectedIndex: -1 })),
  toggleStatus: (st) => set((s) => ({ statuses: toggle(s.statuses, st), selectedIndex: -1 })),
  setAssignee: (assignee) => set({ assignee, selectedIndex: -1 }),
  setSearch: (search) => set({ search, selectedIndex: -1 }),
});
const createLayoutSlice: StateCreator<UiState, [], [], LayoutSlice> = (set) => ({
  view: 'queue',
  helpOpen: false,
  briefingOpen: true,
  composerFocusTick: 0,
  searchFocusTick: 0,
  setView: (view) => set({ view }),
  setHelp: (helpOpen) => set({ helpOpen }),
  toggleBriefing: () => set((s) => ({ briefingOpen: !s.briefingOpen })),
  focusComposer: () => set((s) => ({ composerFocusTick: s.composerFocusTick + 1 })),
  focusSearch: () => set((s) => ({ view: 'queue', searchFocusTick: s.searchFocusTick + 1 })),
});

export const useUiStore = create<UiState>()((...a) => ({ ...createSelectionSlice(...a), ...createFiltersSlice(...a), ...createLayoutSlice(...a) }));
export const initialUiState = useUiStore.getState();
/** Tests: reset the store between tests. */
export const resetUiStore = () => useUiStore.setState(initialUiState, true);
