import { describe, expect, it } from 'vitest';
import { awsReferralOwnerCandidates, awsReferralOwnerFor } from '../../../src/domain/ace/sync.ts';

const users = [
  { id: '7100012', primaryTeamId: '6100003', secondaryTeamIds: [] },
  { id: '7100002', primaryTeamId: '6100001', secondaryTeamIds: ['6100003'] },
  { id: '7100005', primaryTeamId: '6100001', secondaryTeamIds: [] },
];

describe('who owns the deals made from AWS referrals', () => {
  it("takes the portal's own list when it has one, in its order", () => {
    const ringfence = { allianceUserIds: ['7100099'], allianceTeamIds: ['6100003'] };
    const candidates = awsReferralOwnerCandidates(['7100012', '7100099', '7100012'], ringfence, users);
    expect(candidates).toEqual(['7100012', '7100099']);
    expect([0, 1, 2].map((turn) => awsReferralOwnerFor(candidates, turn))).toEqual(['7100012', '7100099', '7100012']);
  });

  it('else every alliance manager in turn: named ones first, then alliance team members by user id', () => {
    const candidates = awsReferralOwnerCandidates([], { allianceUserIds: ['7100099'], allianceTeamIds: ['6100003'] }, users);
    expect(candidates).toEqual(['7100099', '7100002', '7100012']);
    expect([0, 1, 2, 3].map((turn) => awsReferralOwnerFor(candidates, turn))).toEqual(['7100099', '7100002', '7100012', '7100099']);
  });

  it('nobody when the portal names no alliance manager', () => {
    expect(awsReferralOwnerFor(awsReferralOwnerCandidates([], { allianceUserIds: [], allianceTeamIds: [] }, users), 0)).toBeNull();
  });
});
