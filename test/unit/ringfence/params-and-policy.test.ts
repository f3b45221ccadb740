import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TEXT_LIMITS, parseWith } from '../../../src/domain/ringfence/index.ts';
import { extendRingfenceContract, registerRingfenceContract, releaseRingfenceContract } from '../../../src/backend/ringfence-actions.ts';
import { defaultRingfenceConfig, describeRingfenceRules, ringfenceConfigSchema } from '../../../src/policy/ringfence-config.ts';
import { appPolicy } from '../../../src/policy/app-policy.ts';
import { config, evidence, pipeline } from './helpers.ts';

const registerRingfenceParamsSchema = registerRingfenceContract.parameters;
const extendRingfenceParamsSchema = extendRingfenceContract.parameters;
const releaseRingfenceParamsSchema = releaseRingfenceContract.parameters;

const registerParams = {
  companyId: '9001',
  idempotencyKey: 'card-7f3a',
  expectedVersion: 0,
  cloud: 'gcp',
  evidence: evidence('2026-01-10', { kind: 'pdm_referral' }),
};

describe('command parameters', () => {
  it('accepts well-formed register, extend and release parameters', () => {
    expect(parseWith(registerRingfenceParamsSchema, registerParams)).toEqual({ ok: true, value: registerParams });
    const { cloud: _cloud, ...withoutCloud } = registerParams;
    expect(parseWith(extendRingfenceParamsSchema, { ...withoutCloud, expectedVersion: 1, ringfenceId: 'rf-9001-1' }).ok).toBe(true);
    const release = { companyId: '9001', idempotencyKey: 'k', expectedVersion: 2, ringfenceId: 'rf-9001-1', reason: '  Duplicate account.  ' };
    expect(parseWith(releaseRingfenceParamsSchema, release)).toEqual({ ok: true, value: { ...release, reason: 'Duplicate account.' } });
  });

  it('defaults empty notes and trims text', () => {
    const { notes: _notes, ...noNotes } = registerParams.evidence;
    const parsed = parseWith(registerRingfenceParamsSchema, {
      ...registerParams,
      evidence: { ...noNotes, contact: { ...noNotes.contact, name: '  Riley Chen ' } },
    });
    expect(parsed.ok && parsed.value.evidence).toMatchObject({ notes: '', contact: { name: 'Riley Chen' } });
  });

  it('rejects oversized fields, naming each one', () => {
    const oversized = {
      ...registerParams,
      idempotencyKey: 'k'.repeat(TEXT_LIMITS.idempotencyKey + 1),
      evidence: {
        ...registerParams.evidence,
        notes: 'n'.repeat(TEXT_LIMITS.notes + 1),
        contact: { ...registerParams.evidence.contact, role: 'r'.repeat(TEXT_LIMITS.contactRole + 1) },
      },
    };
    expect(parseWith(registerRingfenceParamsSchema, oversized)).toEqual({
      ok: false,
      error:
        'idempotencyKey: must be at most 100 characters; evidence.contact.role: must be at most 200 characters; ' +
        'evidence.notes: must be at most 1000 characters',
    });
  });

  it('rejects any text field longer than its limit (property)', () => {
    const fields = [
      ['notes', TEXT_LIMITS.notes],
      ['contact.name', TEXT_LIMITS.contactName],
      ['contact.role', TEXT_LIMITS.contactRole],
    ] as const;
    fc.assert(
      fc.property(fc.constantFrom(...fields), fc.integer({ min: 1, max: 5000 }), ([field, limit], extra) => {
        const text = 'x'.repeat(limit + extra);
        const evidenceInput =
          field === 'notes'
            ? { ...registerParams.evidence, notes: text }
            : { ...registerParams.evidence, contact: { ...registerParams.evidence.contact, [field.split('.')[1] as string]: text } };
        const parsed = parseWith(registerRingfenceParamsSchema, { ...registerParams, evidence: evidenceInput });
        expect(parsed).toEqual({ ok: false, error: `evidence.${field}: must be at most ${limit} characters` });
      }),
      { numRuns: 50 },
    );
  });

  it('rejects missing and malformed fields with plain messages', () => {
    const { cloud: _cloud, ...noCloud } = registerParams;
    expect(parseWith(registerRingfenceParamsSchema, noCloud)).toEqual({ ok: false, error: 'cloud: is required' });
    const bad = parseWith(registerRingfenceParamsSchema, {
      ...registerParams,
      cloud: 'oracle',
      expectedVersion: -1,
      evidence: { ...registerParams.evidence, kind: 'lunch', engagedOn: '2026-02-30', contact: { ...registerParams.evidence.contact, email: 'riley' } },
    });
    expect(bad.ok).toBe(false);
    const error = bad.ok ? '' : bad.error;
    expect(error).toContain('expectedVersion: must not be negative');
    expect(error).toContain('cloud: must be one of aws, azure, gcp');
    expect(error).toContain('evidence.kind: must be one of hyperscaler_ae_introduction');
    expect(error).toContain('evidence.contact.email: must be an email address');
    expect(error).toContain('evidence.engagedOn: must be a calendar date written YYYY-MM-DD');
  });

  it('requires a release reason and refuses control characters', () => {
    const release = { companyId: '9001', idempotencyKey: 'k', expectedVersion: 2, ringfenceId: 'rf-9001-1' };
    expect(parseWith(releaseRingfenceParamsSchema, release)).toEqual({ ok: false, error: 'reason: is required' });
    expect(parseWith(releaseRingfenceParamsSchema, { ...release, reason: '   ok ' })).toEqual({
      ok: false,
      error: 'reason: a release needs a reason of at least 5 characters',
    });
    expect(parseWith(releaseRingfenceParamsSchema, { ...release, reason: 'Merged\u0000account' })).toEqual({
      ok: false,
      error: 'reason: must not contain control characters',
    });
  });
});

describe('ring-fence policy', () => {
  it('defaults to the agreed values', () => {
    expect(defaultRingfenceConfig).toMatchObject({
      windowDays: 180,
      warningDays: 14,
      timeZone: 'America/New_York',
      allianceTeamIds: [],
      allianceUserIds: [],
    });
    expect(defaultRingfenceConfig.inboundAnalyticsSources).toEqual([
      'ORGANIC_SEARCH',
      'DIRECT_TRAFFIC',
      'PAID_SEARCH',
      'EMAIL_MARKETING',
      'SOCIAL_MEDIA',
      'REFERRALS',
      'OTHER_CAMPAIGNS',
      'PAID_SOCIAL',
      'OFFLINE',
    ]);
  });

  it('rejects an unknown time zone, a warning as long as the window and stage fields that belong to the pipeline policy', () => {
    const result = ringfenceConfigSchema.safeParse({
      ...defaultRingfenceConfig,
      timeZone: 'Eastern',
      warningDays: 180,
      stageOneStageIds: ['discovery'],
    });
    expect(result.success).toBe(false);
    const messages = result.error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        'timeZone: must be an IANA time zone such as America/New_York',
        'warningDays: must be shorter than windowDays',
        ': Unrecognized key: "stageOneStageIds"',
      ]),
    );
  });

  it('reads stage one from the pipeline section of the portal policy, the one definition every rule shares', () => {
    expect(appPolicy.ringfence).not.toHaveProperty('stageOneStageIds');
    expect(appPolicy.ringfence).not.toHaveProperty('pipelineStageOrder');
    const rules = describeRingfenceRules(appPolicy.ringfence, appPolicy.pipeline).join('\n');
    expect(rules).toContain(`stage one: the first ${appPolicy.pipeline.stageOneStageIds.length} stages of the pipeline`);
    expect(rules).toContain('members of the alliance team');
  });

  it('writes the rules in plain language from the policy values', () => {
    const rules = describeRingfenceRules(config, pipeline);
    expect(rules[0]).toBe('Only alliance managers can register, extend or release a ring-fence: members of the alliance team and the named alliance manager.');
    expect(rules.join('\n')).toContain('lasts 180 days from the engagement date, counted in calendar days in America/New_York');
    expect(rules.join('\n')).toContain('stage one: the first 2 stages of the pipeline');
    expect(rules.join('\n')).toContain('fewer than 14 days remain');
    expect(rules.join('\n')).toContain('deal source Marketing');

    const shorter = describeRingfenceRules(ringfenceConfigSchema.parse({ ...config, windowDays: 90, timeZone: 'Europe/Berlin' }), pipeline);
    expect(shorter.join('\n')).toContain('lasts 90 days from the engagement date, counted in calendar days in Europe/Berlin');
  });

  it('says so when no alliance managers are configured', () => {
    expect(describeRingfenceRules(defaultRingfenceConfig, pipeline)[0]).toBe(
      'Only alliance managers can register, extend or release a ring-fence, and none are configured yet.',
    );
  });
});
