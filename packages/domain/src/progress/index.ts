export * from './states.ts';
export * from './window.ts';
export * from './cumulative.ts';
