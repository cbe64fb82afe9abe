export * from './ratio.ts';
export * from './indicators.ts';
export * from './targets.ts';
export * from './evaluate.ts';
export * from './table.ts';
