import { describe, expect, it } from 'vitest';
import { authorizeDecision, authorizeRequest, type ExceptionRequest } from '../../../src/domain/exception/index.ts';
import {
  NOW,
  admin,
  ae,
  deal,
  facts,
  manager,
  namedApprover,
  otherManager,
  policy,
  senior,
  superAdminWithoutOverride,
  teammate,
  vpByRole,
} from './fixtures.ts';

const request: ExceptionRequest = {
  requesterUserId: '101',
  requesterTeamIds: ['10'],
  requestedAt: NOW.toISOString(),
  reasonCode: 'timing',
  justification: 'Quarter end; marketplace private offer cannot be ready in time.',
  facts,
  escalated: true,
};
const firstApproval = [{ step: 'team' as const, approverUserId: '201', at: NOW.toISOString(), override: false, comment: null }];

describe('authorization', () => {
  it('owner and deal-team members may request; others may not', () => {
    expect(authorizeRequest(ae, deal)).toEqual({ ok: true, override: false });
    expect(authorizeRequest(teammate, deal)).toEqual({ ok: true, override: false });
    expect(authorizeRequest(manager, deal)).toMatchObject({ ok: false, error: { code: 'NOT_ON_DEAL' } });
  });

  it('team managers and named approvers may give the first approval', () => {
    expect(authorizeDecision(manager, request, 'team', [], policy)).toEqual({ ok: true, override: false });
    expect(authorizeDecision(namedApprover, request, 'team', [], policy)).toEqual({ ok: true, override: false });
    expect(authorizeDecision(otherManager, request, 'team', [], policy)).toMatchObject({ ok: false, error: { code: 'NOT_AN_APPROVER' } });
  });

  it('a senior cannot skip the first step unless they are also a team approver', () => {
    expect(authorizeDecision(senior, request, 'team', [], policy)).toMatchObject({ ok: false, error: { code: 'NOT_AN_APPROVER' } });
  });

  it('senior approval comes from listed users or holders of a senior role', () => {
    expect(authorizeDecision(senior, request, 'senior', firstApproval, policy)).toEqual({ ok: true, override: false });
    expect(authorizeDecision(vpByRole, request, 'senior', firstApproval, policy)).toEqual({ ok: true, override: false });
    expect(authorizeDecision(namedApprover, request, 'senior', firstApproval, policy)).toMatchObject({ ok: false, error: { code: 'NOT_SENIOR' } });
  });

  it('override is granted by policy only, for either step, and is marked', () => {
    expect(authorizeDecision(admin, request, 'team', [], policy)).toEqual({ ok: true, override: true });
    expect(authorizeDecision(admin, request, 'senior', firstApproval, policy)).toEqual({ ok: true, override: true });
    expect(authorizeDecision(superAdminWithoutOverride, request, 'team', [], policy)).toMatchObject({ ok: false, error: { code: 'NOT_AN_APPROVER' } });
  });

  it('errors carry a readable message', () => {
    const refusal = authorizeDecision(ae, request, 'team', [], policy);
    expect(refusal).toMatchObject({ ok: false, error: { code: 'SELF_APPROVAL', message: expect.stringContaining('your own') as unknown } });
  });
});
