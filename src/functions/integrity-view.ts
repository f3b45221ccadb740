import { z } from 'zod';
import { displayName, type PortalDirectory } from '../hubspot/directory.ts';
import type { ProtectedObjectType } from '../hubspot/integrity/seal.ts';
import { appProperties } from '../hubspot/schema/index.ts';
import type { VerifiedRecord } from './integrity.ts';

export const integritySectionSchema = z.object({
  /** `tampered`: someone changed the app's state outside the app; the card shows the app's last values. */
  status: z.enum(['sealed', 'empty', 'tampered']),
  /** Labels of the changed properties, and who changed them, in people's words. */
  changed: z.array(z.string()),
  changedBy: z.array(z.string()),
  /** Outside edits the app found and restored on this record so far. */
  restoredCount: z.number().int(),
  lastRestoredAt: z.string().nullable(),
});
export type IntegritySection = z.infer<typeof integritySectionSchema>;

const SOURCE_WORDS: Readonly<Record<string, string>> = {
  CRM_UI: 'in HubSpot',
  IMPORT: 'by an import',
  INTEGRATION: 'by another integration',
  AUTOMATION_PLATFORM: 'by a workflow',
  API: 'through the API',
};

export function integritySectionOf(type: ProtectedObjectType, verified: VerifiedRecord, directory: PortalDirectory): IntegritySection {
  const label = (name: string) => appProperties.find((property) => property.objectType === type && property.name === name)?.label ?? 'app data';
  const { verification, trusted } = verified;
  return {
    status: verification.status,
    changed: [...new Set(verification.changed.map(label))],
    changedBy: verification.writers.map((writer) => {
      const how = SOURCE_WORDS[writer.sourceType] ?? `via ${writer.sourceType.toLowerCase().replace(/_/g, ' ')}`;
      const who = writer.userId ? displayName(directory, writer.userId) : (writer.sourceLabel ?? 'someone');
      return `${who} ${how}`;
    }),
    restoredCount: Number(trusted.cosell_tamper_count || 0),
    lastRestoredAt: trusted.cosell_tamper_detected_at || null,
  };
}
