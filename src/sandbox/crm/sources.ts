import type { ChangeSource } from './store.ts';

/**
 * Who writes in the stand-in, recorded the way HubSpot records it in property history and webhook
 * events. Each token the CRM API accepts maps to one writer, so "the app" and "another integration"
 * are told apart by HubSpot's own fields, not by trust.
 */
export function personInUi(userId: string | number): ChangeSource {
  return { sourceType: 'CRM_UI', sourceId: `userId:${userId}`, sourceLabel: null, updatedByUserId: Number(userId) };
}

export function integration(appId: number, label: string): ChangeSource {
  return { sourceType: 'INTEGRATION', sourceId: String(appId), sourceLabel: label, updatedByUserId: null };
}

export function importBy(userId: string | number, importId: number): ChangeSource {
  return { sourceType: 'IMPORT', sourceId: String(importId), sourceLabel: 'Import', updatedByUserId: Number(userId) };
}

export function workflow(enrollmentId: number): ChangeSource {
  return {
    sourceType: 'AUTOMATION_PLATFORM',
    sourceId: `enrollmentId:${enrollmentId};actionExecutionIndex:0`,
    sourceLabel: 'Workflows',
    updatedByUserId: null,
  };
}

export function formSubmission(formId: string): ChangeSource {
  return { sourceType: 'FORM', sourceId: formId, sourceLabel: 'Forms', updatedByUserId: null };
}
