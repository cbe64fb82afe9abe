export * from './money/money.ts';
export * from './projects/stages.ts';
export * from './projects/attributes.ts';
export * from './projects/project-code.ts';
export * from './projects/import-headers.ts';
export * from './auth/roles.ts';
export * from './auth/password-policy.ts';
export * from './plans/index.ts';
