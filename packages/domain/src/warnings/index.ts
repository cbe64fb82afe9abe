export * from './rules.ts';
export * from './engine.ts';
