export * from './plans.ts';
export * from './milestones.ts';
export * from './reverse-schedule.ts';
