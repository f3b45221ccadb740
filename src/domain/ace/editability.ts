import { ReviewStatus, Stage } from '@aws-sdk/client-partnercentral-selling';
import { ACE_FIELD_RULES } from './aws-data.generated.ts';
import type { AceProblem } from './problems.ts';

export type AceEditability =
  { mode: 'all'; reason: string } | { mode: 'none'; reason: string } | { mode: 'listed'; fields: ReadonlySet<string>; reason: string };

const fieldsWhere = (flag: 'editableWhenActionRequired' | 'editableAfterLaunched' | 'editableUntilLaunchedOrLost', extra: string[] = []) =>
  new Set([...ACE_FIELD_RULES.filter((r) => r[flag] && r.sdkPath).map((r) => r.sdkPath!), ...extra]);

// The SDK's ReviewStatus documentation also lists the spend currency as editable under Action Required.
const ACTION_REQUIRED_FIELDS = fieldsWhere('editableWhenActionRequired', ['Project.ExpectedCustomerSpend.CurrencyCode']);
const UNTIL_LAUNCHED_FIELDS = fieldsWhere('editableUntilLaunchedOrLost');
const AFTER_LAUNCHED_FIELDS = fieldsWhere('editableAfterLaunched');

const BY_REVIEW_STATUS: Record<ReviewStatus, AceEditability | 'by-stage'> = {
  [ReviewStatus.PENDING_SUBMISSION]: { mode: 'all', reason: 'Not yet submitted: every field can change.' },
  [ReviewStatus.SUBMITTED]: { mode: 'none', reason: 'Submitted: read-only until AWS finishes its review.' },
  [ReviewStatus.IN_REVIEW]: { mode: 'none', reason: 'In review: read-only while AWS validates it.' },
  [ReviewStatus.REJECTED]: { mode: 'none', reason: 'Rejected by AWS: read-only.' },
  [ReviewStatus.ACTION_REQUIRED]: {
    mode: 'listed',
    fields: ACTION_REQUIRED_FIELDS,
    reason: 'Action Required: only the customer address, website, target close date, expected spend, business problem and partner CRM id can change.',
  },
  [ReviewStatus.APPROVED]: 'by-stage',
};

/** Which ACE fields may be updated now (Opportunity-Fields.csv update columns, SDK ReviewStatus docs). */
export function aceEditability(reviewStatus: ReviewStatus | null, stage: Stage | null): AceEditability {
  const byStatus = reviewStatus === null ? BY_REVIEW_STATUS[ReviewStatus.PENDING_SUBMISSION] : BY_REVIEW_STATUS[reviewStatus];
  if (byStatus !== 'by-stage') return byStatus;
  if (stage === Stage.CLOSED_LOST) return { mode: 'none', reason: 'Closed Lost: no further updates.' };
  if (stage === Stage.LAUNCHED)
    return { mode: 'listed', fields: AFTER_LAUNCHED_FIELDS, reason: 'Launched: only delivery models, comments and software revenue can change.' };
  return { mode: 'listed', fields: UNTIL_LAUNCHED_FIELDS, reason: 'Approved: the customer identity is fixed; deal progress fields can change until launch.' };
}

/** `Customer.Contacts[2].Email` -> `Customer.Contacts.Email`, the form the field rules use. */
const withoutIndexes = (field: string) => field.replace(/\[\d+\]/g, '');

export function isAceFieldEditable(field: string, editability: AceEditability): boolean {
  if (editability.mode !== 'listed') return editability.mode === 'all';
  const path = withoutIndexes(field);
  for (const editable of editability.fields) {
    if (path === editable || path.startsWith(`${editable}.`)) return true;
  }
  return false;
}

/** Problems for changes that AWS would refuse in the current review status and stage. */
export function blockedAceEdits(changedFields: readonly string[], reviewStatus: ReviewStatus | null, stage: Stage | null): AceProblem[] {
  const editability = aceEditability(reviewStatus, stage);
  return changedFields
    .filter((field) => !isAceFieldEditable(field, editability))
    .map((field) => ({ field, code: 'ACTION_NOT_PERMITTED' as const, message: `${field} cannot be changed now. ${editability.reason}` }));
}

const LABEL_BY_FIELD = new Map(ACE_FIELD_RULES.flatMap((rule) => (rule.sdkPath ? [[rule.sdkPath, rule.label] as const] : [])));

/** AWS's own label for a field of the opportunity (the Partner Central form's), else its last name part spelled out. */
export function aceFieldLabel(field: string): string {
  const path = withoutIndexes(field);
  for (let parts = path.split('.'); parts.length > 0; parts = parts.slice(0, -1)) {
    const label = LABEL_BY_FIELD.get(parts.join('.'));
    if (label) return label;
  }
  const last = path.split('.').at(-1) ?? path;
  return last.replace(/([a-z])([A-Z])/g, '$1 $2');
}

/**
 * What a person reads about deal changes AWS does not take in its current review status or stage:
 * the reason and the fields by AWS's labels. Empty when nothing waits.
 */
export function aceWaitingMessage(fields: readonly string[], reviewStatus: ReviewStatus | null, stage: Stage | null): string {
  const labels = [...new Set(fields.map(aceFieldLabel))].sort();
  if (labels.length === 0) return '';
  const final = reviewStatus === ReviewStatus.REJECTED || (reviewStatus === ReviewStatus.APPROVED && stage === Stage.CLOSED_LOST);
  const outlook = final ? 'These changes will not reach AWS' : 'These changes go to AWS once it allows them';
  return `${aceEditability(reviewStatus, stage).reason} ${outlook}: ${labels.join(', ')}.`;
}
