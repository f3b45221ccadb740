export { seedDemoPortal, type DemoPortalSeed, type SeededCompany, type SeededDeal } from './demo-portal.ts';
export {
  demoUsers,
  demoTeams,
  demoRoles,
  demoUser,
  teamId,
  DEMO_EMAIL_DOMAIN,
  type DemoUser,
  type DemoTeam,
  type DemoRole,
  type DemoTeamName,
} from './demo-people.ts';
export { demoCompanies, type DemoCompany } from './demo-companies.ts';
