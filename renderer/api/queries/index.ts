// renderer/api/queries: TanStack Query keys, options and mutations, one file per domain. Server
// data lives only here (never copied into the zustand store).
export * from './app';
export * from './clientReport';
export * from './clients';
export * from './context';
export * from './conversations';
export * from './events';
export * from './feedback';
export * from './moderation';
export * from './queue';
export * from './reports';
export * from './sla';
export * from './sources';
export * from './time';
export * from './voice';
