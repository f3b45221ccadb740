export * from './types.ts';
export { computeAllianceMetrics, exceptionStatusOnDay, monthBounds, MetricsInputError, valueOnDay } from './compute.ts';
export { DEFINITIONS } from './definitions.ts';
