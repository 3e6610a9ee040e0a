// Migration 0005: RESERVED for the time-tracking branch, which owns this number. Only a
// placeholder on the moderation branch so that 0006 keeps the versions contiguous
// (assertMonotonic); on merge, the time-tracking 0005 replaces this file.
import type { Migration } from './index';

const m: Migration = { version: 5, name: 'reserved', up() {} };
export default m;
