export * from './states.ts';
export * from './window.ts';
export * from './cumulative.ts';
export * from './start.ts';
export * from './monthly-sheet.ts';
export * from './photos.ts';
