import { Tab, Tabs, hubspot } from '@hubspot/ui-extensions';
import { AllianceMetricsPage } from './AllianceMetrics.tsx';
import { RoutingApprovalsPage } from './RoutingApprovals.tsx';

hubspot.extend<'pages'>(() => <AppPages />);

/** The app's one page: routing approvals for managers, alliance metrics for the monthly review. */
export function AppPages() {
  return (
    <Tabs defaultSelected="approvals" testId="app-page-tabs">
      <Tab tabId="approvals" title="Routing approvals">
        <RoutingApprovalsPage />
      </Tab>
      <Tab tabId="metrics" title="Alliance metrics">
        <AllianceMetricsPage />
      </Tab>
    </Tabs>
  );
}
