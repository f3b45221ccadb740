export * from './types.ts';
export * from './errors.ts';
export * from './commands.ts';
export * from './state.ts';
export * from './facts.ts';
export * from './authorize.ts';
export * from './lifecycle.ts';
export * from './assess.ts';
