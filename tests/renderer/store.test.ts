// @vitest-environment jsdom
// The UI store: slices combined in one store, reset between tests.
import { beforeEach, describe, expect, it } from 'vitest';
import { resetUiStore, useUiStore } from '../../renderer/store/useUiStore';

beforeEach(() => resetUiStore());

describe('useUiStore', () => {
  it('changing a filter starts the selection over; clearing restores every filter', () => {
    const s = useUiStore.getState();
    s.select(5, 42);
    s.toggleClient(3);
    expect(useUiStore.getState()).toMatchObject({
      clientIds: [3],
      selectedIndex: -1,
      selectedId: 42,
    });
    s.toggleStatus('pending');
    s.setAssignee('me');
    s.setSearch('refund');
    s.toggleClient(3);
    expect(useUiStore.getState()).toMatchObject({
      clientIds: [],
      statuses: ['pending'],
      assignee: 'me',
      search: 'refund',
    });
    s.clearFilters();
    expect(useUiStore.getState()).toMatchObject({
      clientIds: [],
      statuses: [],
      assignee: 'any',
      search: '',
    });
  });

  it('a composer focus request is dropped when the selection moves on', () => {
    const s = useUiStore.getState();
    s.focusComposer();
    expect(useUiStore.getState().composerFocusRequested).toBe(true);
    s.select(1, 2);
    expect(useUiStore.getState().composerFocusRequested).toBe(false);
  });

  it('resetUiStore restores the initial state (part 1: dirty it)', () => {
    useUiStore.getState().select(7, 8);
    useUiStore.getState().setHelp(true);
    useUiStore.getState().setView('settings');
    expect(useUiStore.getState().helpOpen).toBe(true);
  });

  it('resetUiStore restores the initial state (part 2: clean again)', () => {
    expect(useUiStore.getState()).toMatchObject({
      selectedIndex: -1,
      selectedId: null,
      helpOpen: false,
      view: 'queue',
    });
    expect(typeof useUiStore.getState().select).toBe('function');
  });
});
