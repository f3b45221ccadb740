import { EXCEPTION_STATUSES, REASON_CODES, ROUTES } from '../../domain/exception/types.ts';
import type { PropertyDef } from './types.ts';

export const STATUS_LABELS: Record<(typeof EXCEPTION_STATUSES)[number], string> = {
  none: 'None',
  requested: 'Requested',
  awaiting_senior: 'Awaiting senior approval',
  approved: 'Approved',
  rejected: 'Rejected',
  withdrawn: 'Withdrawn',
  invalidated: 'Invalidated (deal changed)',
  expired: 'Expired',
};

export const REASON_LABELS: Record<(typeof REASON_CODES)[number], string> = {
  customer_refuses_marketplace: 'Customer refuses marketplace',
  customer_procurement_policy: 'Customer procurement policy',
  legal_or_contract_terms: 'Legal or contract terms',
  channel_partner_conflict: 'Channel partner conflict',
  timing: 'Timing',
  other: 'Other',
};

export const ROUTE_LABELS: Record<(typeof ROUTES)[number], string> = {
  'marketplace:aws': 'AWS Marketplace',
  'marketplace:azure': 'Microsoft Marketplace',
  'marketplace:gcp': 'Google Cloud Marketplace',
  direct: 'Direct',
};

function deal(def: Omit<PropertyDef, 'objectType'>): PropertyDef {
  return { objectType: 'deals', ...def };
}

/** Deal properties for the direct-route exception gate. All are written by the app's functions. */
export const gateProperties: PropertyDef[] = [
  deal({
    name: 'cosell_exception_status',
    label: 'Direct-route exception status',
    type: 'enumeration',
    fieldType: 'select',
    description: 'Where the direct-route exception stands. Mirrors the exception state JSON.',
    options: EXCEPTION_STATUSES.map((value) => ({ value, label: STATUS_LABELS[value] })),
    writtenBy: 'app',
  }),
  deal({
    name: 'cosell_exception_reason_code',
    label: 'Direct-route exception reason',
    type: 'enumeration',
    fieldType: 'select',
    description: 'Why the requester believes the deal should go direct.',
    options: REASON_CODES.map((value) => ({ value, label: REASON_LABELS[value] })),
    writtenBy: 'app',
  }),
  deal({
    name: 'cosell_exception_requested_by',
    label: 'Exception requested by (user id)',
    type: 'string',
    fieldType: 'text',
    description: 'HubSpot user id of the person who requested the current exception.',
    writtenBy: 'app',
  }),
  deal({
    name: 'cosell_exception_requested_at',
    label: 'Exception requested at',
    type: 'datetime',
    fieldType: 'date',
    description: 'When the current exception was requested.',
    writtenBy: 'app',
  }),
  deal({
    name: 'cosell_exception_approver',
    label: 'Exception approver (user id)',
    type: 'string',
    fieldType: 'text',
    description: 'HubSpot user id of the first (team) approver.',
    writtenBy: 'app',
  }),
  deal({
    name: 'cosell_exception_senior_approver',
    label: 'Exception senior approver (user id)',
    type: 'string',
    fieldType: 'text',
    description: 'HubSpot user id of the senior approver on escalated deals.',
    writtenBy: 'app',
  }),
  deal({
    name: 'cosell_exception_override',
    label: 'Exception decided by admin override',
    type: 'bool',
    fieldType: 'booleancheckbox',
    description: 'Yes when an admin decided in place of an approver under the override granted in policy.',
    options: [
      { label: 'Yes', value: 'true' },
      { label: 'No', value: 'false' },
    ],
    writtenBy: 'app',
  }),
  deal({
    name: 'cosell_exception_decided_at',
    label: 'Exception decided at',
    type: 'datetime',
    fieldType: 'date',
    description: 'When the exception was approved, rejected or withdrawn.',
    writtenBy: 'app',
  }),
  deal({
    name: 'cosell_exception_expires_at',
    label: 'Exception approval expires at',
    type: 'datetime',
    fieldType: 'date',
    description: 'When the approval lapses, if policy sets an expiry.',
    writtenBy: 'app',
  }),
  deal({
    name: 'cosell_exception_state',
    label: 'Exception state (app data)',
    type: 'string',
    fieldType: 'textarea',
    description: 'Compact JSON state of the exception, including recent audit entries. Written only by the app; do not edit.',
    writtenBy: 'app',
  }),
  deal({
    name: 'cosell_exception_state_version',
    label: 'Exception state version',
    type: 'number',
    fieldType: 'number',
    description: 'Increases by one with every exception transition; used to detect concurrent decisions.',
    writtenBy: 'app',
  }),
  deal({
    name: 'cosell_exception_audited_version',
    label: 'Exception audit notes written through version',
    type: 'number',
    fieldType: 'number',
    description:
      'The highest exception state version whose audit note is on the deal. Below the state version means a note is missing; the app writes it on the next read.',
    writtenBy: 'app',
  }),
  deal({
    name: 'cosell_route_chosen',
    label: 'Co-sell route chosen',
    type: 'enumeration',
    fieldType: 'select',
    description: 'The transaction route set through the app. Direct needs an approved exception when a marketplace route is recommended.',
    options: ROUTES.map((value) => ({ value, label: ROUTE_LABELS[value] })),
    writtenBy: 'app',
  }),
  deal({
    name: 'cosell_gate_violation',
    label: 'Gate violation',
    type: 'bool',
    fieldType: 'booleancheckbox',
    description: 'Yes when the deal reached a contract or closed-won stage routed direct without a valid exception.',
    options: [
      { label: 'Yes', value: 'true' },
      { label: 'No', value: 'false' },
    ],
    writtenBy: 'app',
  }),
  deal({
    name: 'cosell_gate_violation_detected_at',
    label: 'Gate violation detected at',
    type: 'datetime',
    fieldType: 'date',
    description: 'When the most recent gate violation was detected.',
    writtenBy: 'app',
  }),
  deal({
    name: 'cosell_gate_violation_count',
    label: 'Gate violation count',
    type: 'number',
    fieldType: 'number',
    description: 'How many times the deal was detected in a gated stage without a valid exception.',
    writtenBy: 'app',
  }),
];
