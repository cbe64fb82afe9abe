export * from './ranking.ts';
export * from './bulletin.ts';
