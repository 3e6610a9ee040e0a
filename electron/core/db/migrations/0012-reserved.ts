// Migration 0012: RESERVED for a parallel branch (issue 12), which owns this number. Only a
// placeholder on the pdf branch so that 0013 keeps the versions contiguous (assertMonotonic); on
// merge, that branch's 0012 replaces this file.
import type { Migration } from './index';

const m: Migration = { version: 12, name: 'reserved', up() {} };
export default m;
