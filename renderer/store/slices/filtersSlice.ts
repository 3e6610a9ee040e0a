// renderer/store/slices: the queue filters (client, status, assignee, work kind, search). A filter change
// starts the selection over at the top of the new list.
import type { StateCreator } from 'zustand';
import type { ConversationStatus } from '../../../shared/domain/entities';
import type { UiState } from '../useUiStore';

export type AssigneeFilter = 'any' | 'me' | 'unassigned';
/** All work, support conversations only, or moderation items only. */
export type KindFilter = 'all' | 'support' | 'moderation';

export type FiltersSlice = {
  clientIds: number[];
  statuses: ConversationStatus[];
  assignee: AssigneeFilter;
  kind: KindFilter;
  search: string;
  toggleClient(id: number): void;
  toggleStatus(s: ConversationStatus): void;
  setAssignee(a: AssigneeFilter): void;
  setKind(k: KindFilter): void;
  setSearch(s: string): void;
  clearFilters(): void;
};

const toggle = <T>(list: T[], v: T) =>
  list.includes(v) ? list.filter((x) => x !== v) : [...list, v];

export const createFiltersSlice: StateCreator<UiState, [], [], FiltersSlice> = (set) => ({
  clientIds: [],
  statuses: [],
  assignee: 'any',
  kind: 'all',
  search: '',
  toggleClient: (id) => set((s) => ({ clientIds: toggle(s.clientIds, id), selectedIndex: -1 })),
  toggleStatus: (st) => set((s) => ({ statuses: toggle(s.statuses, st), selectedIndex: -1 })),
  setAssignee: (assignee) => set({ assignee, selectedIndex: -1 }),
  setKind: (kind) => set({ kind, selectedIndex: -1 }),
  setSearch: (search) => set({ search, selectedIndex: -1 }),
  clearFilters: () =>
    set({
      clientIds: [],
      statuses: [],
      assignee: 'any',
      kind: 'all',
      search: '',
      selectedIndex: -1,
    }),
});
