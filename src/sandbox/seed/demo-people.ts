/** The demo portal's people: who logs in as what, with fixed HubSpot user, owner, team and role ids. */
export type DemoRole = 'ae' | 'manager' | 'vp' | 'alliance' | 'revops';
export type DemoTeamName = 'Enterprise East' | 'Enterprise West' | 'Alliances';

export interface DemoTeam {
  id: string;
  name: DemoTeamName;
}

export interface DemoUser {
  /** HubSpot user id (settings API), also the owner's `userId`. */
  userId: string;
  /** HubSpot owner id (what `hubspot_owner_id` holds). */
  ownerId: string;
  email: string;
  firstName: string;
  lastName: string;
  name: string;
  role: DemoRole;
  /** Primary team; the VP and the RevOps admin have none. */
  team: DemoTeamName | null;
  roleId: string;
  superAdmin: boolean;
}

export const DEMO_EMAIL_DOMAIN = 'stratusdata.example';

export const demoTeams: readonly DemoTeam[] = [
  { id: '6100001', name: 'Enterprise East' },
  { id: '6100002', name: 'Enterprise West' },
  { id: '6100003', name: 'Alliances' },
];

export const demoRoles: ReadonlyArray<{ id: string; name: string; role: DemoRole }> = [
  { id: '4200001', name: 'Account Executive', role: 'ae' },
  { id: '4200002', name: 'Sales Manager', role: 'manager' },
  { id: '4200003', name: 'VP of Sales', role: 'vp' },
  { id: '4200004', name: 'Alliance Manager', role: 'alliance' },
  { id: '4200005', name: 'Revenue Operations Admin', role: 'revops' },
];

const people: ReadonlyArray<[first: string, last: string, role: DemoRole, team: DemoTeamName | null]> = [
  ['Maya', 'Chen', 'manager', 'Enterprise East'],
  ['Jordan', 'Patel', 'ae', 'Enterprise East'],
  ['Sofia', 'Alvarez', 'ae', 'Enterprise East'],
  ['Liam', "O'Connor", 'ae', 'Enterprise East'],
  ['Daniel', 'Kim', 'manager', 'Enterprise West'],
  ['Priya', 'Raman', 'ae', 'Enterprise West'],
  ['Ethan', 'Brooks', 'ae', 'Enterprise West'],
  ['Hannah', 'Mueller', 'ae', 'Enterprise West'],
  ['Rachel', 'Goldberg', 'vp', null],
  ['Marcus', 'Webb', 'alliance', 'Alliances'],
  ['Aiko', 'Tanaka', 'alliance', 'Alliances'],
  ['Olivia', 'Grant', 'revops', null],
];

export const demoUsers: readonly DemoUser[] = people.map(([firstName, lastName, role, team], index) => ({
  userId: String(7_100_001 + index),
  ownerId: String(81_000_001 + index),
  email: `${firstName}.${lastName.replace(/[^A-Za-z]/g, '')}@${DEMO_EMAIL_DOMAIN}`.toLowerCase(),
  firstName,
  lastName,
  name: `${firstName} ${lastName}`,
  role,
  team,
  roleId: demoRoles.find((r) => r.role === role)!.id,
  superAdmin: role === 'revops',
}));

export function demoUser(email: string): DemoUser {
  const user = demoUsers.find((u) => u.email === email.toLowerCase());
  if (!user) throw new Error(`No demo user with email ${email}`);
  return user;
}

export function teamId(name: DemoTeamName): string {
  return demoTeams.find((t) => t.name === name)!.id;
}
