export { evaluateRoute, CLOUD_LABELS, CONFIG_BLOCKERS } from './engine.ts';
export { compileRoutingPolicy, ruleInForce, type RoutingPolicy, type CompiledRule } from './policy.ts';
export { buildRoutingInput, flatRoutingInputSchema, RoutingInputError, type FlatRoutingInput, type InputIssue } from './input.ts';
export { toRouteJson, type RouteJson } from './json.ts';
export { normalizeCountry } from './country.ts';
export type * from './types.ts';
