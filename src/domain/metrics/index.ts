export * from './types.ts';
export {
  computeAllianceMetrics,
  exceptionStatusOnDay,
  monthBounds,
  MetricsInputError,
  prepareMetrics,
  valueOnDay,
  type PreparedPortal,
  type PreparedDeal,
  type MetricSectionId,
} from './compute.ts';
export { DEFINITIONS } from './definitions.ts';
