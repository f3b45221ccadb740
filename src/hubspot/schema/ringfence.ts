import { CLOUDS, type Cloud } from '../../domain/ringfence/state.ts';
import type { PropertyDef } from './types.ts';

/** How the card and the audit notes name each cloud. */
export const CLOUD_LABELS: Record<Cloud, string> = { aws: 'AWS', azure: 'Microsoft Azure', gcp: 'Google Cloud' };
const cloudOptions = CLOUDS.map((cloud) => ({ label: CLOUD_LABELS[cloud], value: cloud }));

/** Company properties holding the ring-fence, and deal properties holding alliance attribution. */
export const ringfenceProperties: PropertyDef[] = [
  {
    objectType: 'companies',
    name: 'cosell_ringfence_state',
    label: 'Ring-fence state',
    type: 'string',
    fieldType: 'textarea',
    description:
      'The ring-fence with its evidence and audit trail, as JSON written by the co-sell app. Do not edit: the flat ring-fence properties are derived from it.',
    writtenBy: 'app',
  },
  {
    objectType: 'companies',
    name: 'cosell_ringfence_status',
    label: 'Ring-fence status',
    type: 'enumeration',
    fieldType: 'select',
    description:
      'Status of the current ring-fence when the app last wrote it. A ring-fence expires on its own; compare Ring-fence expires on with today for the live status.',
    options: [
      { label: 'Active', value: 'active', description: 'Claims deals created for this company.' },
      { label: 'Expired', value: 'expired', description: 'The window ended; deals already attributed keep their attribution.' },
      { label: 'Released', value: 'released', description: 'Released early by an alliance manager, with a reason.' },
    ],
    writtenBy: 'app',
  },
  {
    objectType: 'companies',
    name: 'cosell_ringfence_owner_user_id',
    label: 'Ring-fence owner (user id)',
    type: 'string',
    fieldType: 'text',
    description: 'HubSpot user id of the alliance manager who registered the current ring-fence.',
    writtenBy: 'app',
  },
  {
    objectType: 'companies',
    name: 'cosell_ringfence_cloud',
    label: 'Ring-fence cloud',
    type: 'enumeration',
    fieldType: 'select',
    description: 'The hyperscaler whose engagement the current ring-fence rests on.',
    options: cloudOptions,
    writtenBy: 'app',
  },
  {
    objectType: 'companies',
    name: 'cosell_ringfence_registered_at',
    label: 'Ring-fence registered at',
    type: 'datetime',
    fieldType: 'date',
    description: 'When the current ring-fence was registered.',
    writtenBy: 'app',
  },
  {
    objectType: 'companies',
    name: 'cosell_ringfence_expires_on',
    label: 'Ring-fence expires on',
    type: 'date',
    fieldType: 'date',
    description: "First day on which the current ring-fence is no longer active (in the portal's time zone): it is active through the day before.",
    writtenBy: 'app',
  },
  {
    objectType: 'companies',
    name: 'cosell_ringfence_id',
    label: 'Ring-fence id',
    type: 'string',
    fieldType: 'text',
    description: 'Identifier of the current ring-fence; deals it claims carry the same id in Attribution ring-fence id.',
    writtenBy: 'app',
  },
  {
    objectType: 'companies',
    name: 'cosell_ringfence_version',
    label: 'Ring-fence version',
    type: 'number',
    fieldType: 'number',
    description: 'Bumped on every ring-fence change; used to detect two alliance managers changing it at once.',
    writtenBy: 'app',
  },
  {
    objectType: 'companies',
    name: 'cosell_ringfence_noted_version',
    label: 'Ring-fence noted version',
    type: 'number',
    fieldType: 'number',
    description:
      'The ring-fence version up to which every change has its audit note on the company. When it is behind Ring-fence version (a failure between the two writes), the app writes the missing notes on the next read.',
    writtenBy: 'app',
  },
  {
    objectType: 'deals',
    name: 'cosell_attribution_source',
    label: 'Attribution source',
    type: 'enumeration',
    fieldType: 'select',
    description:
      "Set when the deal was created inside a company's active ring-fence window. Empty for deals the alliance does not claim; those keep their own source.",
    options: [{ label: 'Alliance', value: 'alliance', description: 'Created while the company was ring-fenced by an alliance manager.' }],
    writtenBy: 'app',
  },
  {
    objectType: 'deals',
    name: 'cosell_attribution_owner',
    label: 'Attribution owner (user id)',
    type: 'string',
    fieldType: 'text',
    description: 'HubSpot user id of the alliance manager whose ring-fence claims this deal.',
    writtenBy: 'app',
  },
  {
    objectType: 'deals',
    name: 'cosell_attribution_ringfence_id',
    label: 'Attribution ring-fence id',
    type: 'string',
    fieldType: 'text',
    description: 'The ring-fence that claims this deal (see Ring-fence id on the company).',
    writtenBy: 'app',
  },
  {
    objectType: 'deals',
    name: 'cosell_attribution_cloud',
    label: 'Attribution cloud',
    type: 'enumeration',
    fieldType: 'select',
    description: 'The hyperscaler behind the ring-fence that claims this deal.',
    options: cloudOptions,
    writtenBy: 'app',
  },
  {
    objectType: 'deals',
    name: 'cosell_attribution_conflicts',
    label: 'Attribution conflicts',
    type: 'string',
    fieldType: 'textarea',
    description:
      'Inbound activity after the ring-fence was registered (new contacts, form submissions, a marketing deal source), as JSON written by the app. It does not change the attribution; it is kept so both teams see the dispute.',
    writtenBy: 'app',
  },
  {
    objectType: 'deals',
    name: 'cosell_attribution_conflict_count',
    label: 'Attribution conflict count',
    type: 'number',
    fieldType: 'number',
    description: 'Number of recorded attribution conflicts, for filtering and reports.',
    writtenBy: 'app',
  },
  {
    objectType: 'deals',
    name: 'cosell_attribution_basis',
    label: 'Alliance attribution basis',
    type: 'enumeration',
    fieldType: 'select',
    description:
      "Why this company's ring-fence attributes the deal when the deal is on several companies: its primary company first, else the only ring-fenced one, else the earliest ring-fence.",
    options: [
      { label: 'Only ring-fenced company', value: 'only_ringfenced_company' },
      { label: 'Primary company', value: 'primary_company' },
      { label: 'Earliest ring-fence', value: 'earliest_ringfence' },
    ],
    writtenBy: 'app',
  },
];
