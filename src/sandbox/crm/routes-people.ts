import { CrmError, validationError } from './errors.ts';
import { renderOwner, renderUser } from './render.ts';
import { limitParam, offsetParam, page, route, type Route } from './routing.ts';

export const peopleRoutes: Route[] = [
  route('GET', '/crm/v3/owners', (ctx) => {
    const email = ctx.query.get('email')?.toLowerCase();
    const owners = ctx.store
      .listOwners()
      .filter((o) => o.archived === (ctx.query.get('archived') === 'true'))
      .filter((o) => !email || o.email.toLowerCase() === email)
      .map((o) => renderOwner(o, ctx.store));
    return { status: 200, body: page(owners, offsetParam(ctx.query.get('after')), limitParam(ctx.query, 100, 500)) };
  }),

  route('GET', '/crm/v3/owners/:ownerId', (ctx, { ownerId }) => {
    const idProperty = ctx.query.get('idProperty') ?? 'id';
    if (idProperty !== 'id' && idProperty !== 'userId') throw validationError(`idProperty must be id or userId; got ${idProperty}.`);
    const owner = idProperty === 'userId' ? ctx.store.findOwnerByUserId(Number(ownerId)) : ctx.store.getOwner(ownerId!);
    if (!owner) throw new CrmError(404, 'OBJECT_NOT_FOUND', `Owner with ${idProperty} ${ownerId} not found.`);
    return { status: 200, body: renderOwner(owner, ctx.store) };
  }),

  route('GET', '/settings/v3/users/teams', (ctx) => {
    const users = ctx.store.listUsers();
    const teams = ctx.store.listTeams().map((team) => ({
      id: team.id,
      name: team.name,
      userIds: users.filter((u) => u.primaryTeamId === team.id).map((u) => u.id),
      secondaryUserIds: users.filter((u) => u.secondaryTeamIds.includes(team.id)).map((u) => u.id),
    }));
    return { status: 200, body: { results: teams } };
  }),

  route('GET', '/settings/v3/users/roles', (ctx) => ({
    status: 200,
    body: { results: ctx.store.listRoles().map((r) => ({ id: r.id, name: r.name, requiresBillingWrite: false })) },
  })),

  route('GET', '/settings/v3/users', (ctx) => {
    const users = ctx.store.listUsers().map(renderUser);
    return { status: 200, body: page(users, offsetParam(ctx.query.get('after')), limitParam(ctx.query, 100, 100)) };
  }),

  route('GET', '/settings/v3/users/:userId', (ctx, { userId }) => {
    const idProperty = ctx.query.get('idProperty') ?? 'USER_ID';
    if (idProperty !== 'USER_ID' && idProperty !== 'EMAIL') throw validationError(`idProperty must be USER_ID or EMAIL; got ${idProperty}.`);
    const user = idProperty === 'EMAIL' ? ctx.store.findUserByEmail(userId!) : ctx.store.getUser(userId!);
    if (!user) throw new CrmError(404, 'OBJECT_NOT_FOUND', `User ${userId} not found.`);
    return { status: 200, body: renderUser(user) };
  }),
];

/**
 * `GET /account-info/v3/details` (HubSpot's account information API): the portal's id, time zone,
 * currency and the domain of HubSpot's UI it is served on, which differs by data centre.
 */
export function accountDetailsRoute(uiDomain: string): Route {
  return route('GET', '/account-info/v3/details', (ctx) => ({
    status: 200,
    body: {
      portalId: ctx.store.portalId,
      accountType: 'STANDARD',
      timeZone: 'America/New_York',
      companyCurrency: 'USD',
      additionalCurrencies: [],
      utcOffset: '-05:00',
      utcOffsetMilliseconds: -18_000_000,
      uiDomain,
      // HubSpot documents the field but not its values: these are unverified, and the app does not read them.
      dataHostingLocation: uiDomain.includes('-eu1') ? 'eu1' : 'na1',
    },
  }));
}
