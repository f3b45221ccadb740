import { useCallback, useEffect, useState } from 'react';
import {
  Alert,
  Button,
  DescriptionList,
  DescriptionListItem,
  ErrorState,
  Flex,
  Heading,
  LoadingSpinner,
  StatusTag,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Text,
  hubspot,
} from '@hubspot/ui-extensions';
import { backendUrl } from '../cards/backendActions.ts';
import { useCardIdentity } from '../cards/useCardIdentity.ts';

hubspot.extend<'settings'>(() => <Diagnostics />);

interface Report {
  signature: { valid: boolean; failure: string | null; clockSkewMs: number | null };
  identity?: {
    mode: string;
    received: Record<string, string[]>;
    hubspotAddedUser: boolean;
    cardSentUser: boolean;
    agree: boolean | null;
    resolvedUserId: string | null;
    problem: string | null;
    recommendedMode: 'hubspot' | 'card-signed' | null;
  };
  portal?: { expected: string | null; received: string | null; matches: boolean | null };
  viewerIsAdmin?: boolean;
  store?: { engine: string; location: string };
  aws?: { connected: boolean; catalog?: string; lastFollowAt?: string | null; waiting?: number; failed?: number; dailyLimit?: string };
  webhooks?: {
    lastReceivedAt: string | null;
    lastProcessedAt: string | null;
    queued: number;
    processing: number;
    ignoredEvents: number;
    deadLetters: { eventId: string; failedAt: string; attempts: number; lastError: string }[];
  };
}

type State = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; report: Report };

const yesNo = (value: boolean | null | undefined) => (value === null || value === undefined ? 'n/a' : value ? 'yes' : 'no');

/**
 * The admin's one-minute check of a real portal: calls the backend with hubspot.fetch and shows
 * exactly what arrived (identity parameters and who added them, signature and clock, portal), which
 * identity mode this portal needs, the backend's store, the last webhook and any dead letters.
 */
export function Diagnostics() {
  const card = useCardIdentity();
  const [state, setState] = useState<State>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((value) => value + 1), []);

  useEffect(() => {
    let current = true;
    hubspot
      .fetch(backendUrl('/diagnostics', card), { method: 'GET' })
      .then(async (response) => {
        const body = (await response.json()) as { ok?: boolean; result?: Report; responseBody?: string; message?: string };
        if (!current) return;
        if (body.ok && body.result) setState({ status: 'ready', report: body.result });
        else setState({ status: 'error', message: `The backend answered ${response.status}: ${body.message ?? body.responseBody ?? 'no message'}` });
      })
      .catch(
        (error: unknown) =>
          current && setState({ status: 'error', message: `The backend could not be reached: ${error instanceof Error ? error.message : String(error)}` }),
      );
    return () => {
      current = false;
    };
    // The card identity is fixed for the page's life; a reload asks again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [generation]);

  if (state.status === 'loading') return <LoadingSpinner label="Asking the app backend" layout="centered" />;
  if (state.status === 'error') {
    return (
      <ErrorState title="The app backend could not be checked">
        <Text>{state.message}</Text>
        <Text>Check BACKEND_PUBLIC_URL, that the backend runs, and that its URL is in permittedUrls.fetch.</Text>
        <Button onClick={reload} testId="diagnostics-retry">
          Try again
        </Button>
      </ErrorState>
    );
  }
  const { report } = state;
  const identity = report.identity;
  return (
    <Flex direction="column" gap="md">
      <Heading>Cloud co-sell: backend check</Heading>
      {!report.signature.valid && (
        <Alert title="HubSpot's signature did not check out" variant="danger" testId="diagnostics-signature">
          {report.signature.failure} The backend's HUBSPOT_CLIENT_SECRET must be this app's client secret, and BACKEND_PUBLIC_URL exactly the URL HubSpot calls.
        </Alert>
      )}
      {identity && (
        <>
          <DescriptionList direction="row">
            <DescriptionListItem label="Signature">
              <StatusTag variant={report.signature.valid ? 'success' : 'danger'}>{report.signature.valid ? 'valid' : 'invalid'}</StatusTag>
            </DescriptionListItem>
            <DescriptionListItem label="Clock difference">
              <Text testId="diagnostics-skew">{report.signature.clockSkewMs === null ? 'unknown' : `${report.signature.clockSkewMs} ms`}</Text>
            </DescriptionListItem>
            <DescriptionListItem label="Portal">
              <Text testId="diagnostics-portal">
                {report.portal?.received ?? 'none'} {report.portal?.matches === false ? `(the backend expects ${report.portal.expected})` : ''}
              </Text>
            </DescriptionListItem>
          </DescriptionList>
          <Heading>Who is acting</Heading>
          <DescriptionList direction="row">
            <DescriptionListItem label="HubSpot added a user">
              <Text testId="diagnostics-hubspot-user">
                {yesNo(identity.hubspotAddedUser)} {identity.received.userId?.length ? `(userId ${identity.received.userId.join(', ')})` : ''}
              </Text>
            </DescriptionListItem>
            <DescriptionListItem label="The card sent a user">
              <Text>{yesNo(identity.cardSentUser)}</Text>
            </DescriptionListItem>
            <DescriptionListItem label="They agree">
              <Text>{yesNo(identity.agree)}</Text>
            </DescriptionListItem>
            <DescriptionListItem label="Identity mode">
              <Text testId="diagnostics-mode">{identity.mode}</Text>
            </DescriptionListItem>
          </DescriptionList>
          {identity.recommendedMode && identity.recommendedMode !== identity.mode && (
            <Alert title={`This portal needs BACKEND_IDENTITY_MODE=${identity.recommendedMode}`} variant="warning" testId="diagnostics-recommendation">
              {identity.recommendedMode === 'card-signed'
                ? "HubSpot does not add the acting user here, so decisions fail. card-signed takes the user the card names inside HubSpot's signed URL: anyone able to run code in this app's cards could act as another user of this portal."
                : 'HubSpot adds the acting user here: switch to hubspot, the stricter mode.'}
            </Alert>
          )}
          {identity.problem && (
            <Alert title="The backend cannot tell who is acting" variant="danger" testId="diagnostics-identity-problem">
              {identity.problem}
            </Alert>
          )}
        </>
      )}
      {report.viewerIsAdmin === false && <Text>Store and webhook details are shown to super admins and the policy's override admins.</Text>}
      {report.store && report.webhooks && (
        <>
          <Heading>Backend</Heading>
          <DescriptionList direction="row">
            <DescriptionListItem label="Store">
              <Text testId="diagnostics-store">{report.store.location}</Text>
            </DescriptionListItem>
            <DescriptionListItem label="Last webhook received">
              <Text testId="diagnostics-last-webhook">{report.webhooks.lastReceivedAt ?? 'none yet'}</Text>
            </DescriptionListItem>
            <DescriptionListItem label="Queued">
              <Text>{`${report.webhooks.queued} waiting, ${report.webhooks.processing} in progress, ${report.webhooks.ignoredEvents} not understood`}</Text>
            </DescriptionListItem>
            <DescriptionListItem label="AWS Partner Central sync">
              <Text testId="diagnostics-aws">
                {report.aws?.connected
                  ? `${report.aws.catalog} catalog; last pull ${report.aws.lastFollowAt ?? 'not yet'}; ${report.aws.waiting} changes waiting for AWS, ${report.aws.failed} refused by AWS (shown on their deals)`
                  : 'Not connected (no ACE catalog configured)'}
              </Text>
            </DescriptionListItem>
            {report.aws?.dailyLimit && (
              <DescriptionListItem label="AWS's daily limits">
                <Text testId="diagnostics-aws-daily-limit">{report.aws.dailyLimit}</Text>
              </DescriptionListItem>
            )}
          </DescriptionList>
          {report.webhooks.deadLetters.length === 0 ? (
            <Text testId="diagnostics-dead-letters">No dead letters.</Text>
          ) : (
            <Table bordered testId="diagnostics-dead-letters">
              <TableHead>
                <TableRow>
                  <TableHeader>Event</TableHeader>
                  <TableHeader>Failed at</TableHeader>
                  <TableHeader>Attempts</TableHeader>
                  <TableHeader>Last error</TableHeader>
                </TableRow>
              </TableHead>
              <TableBody>
                {report.webhooks.deadLetters.map((letter) => (
                  <TableRow key={letter.eventId}>
                    <TableCell>{letter.eventId}</TableCell>
                    <TableCell>{letter.failedAt}</TableCell>
                    <TableCell>{letter.attempts}</TableCell>
                    <TableCell>{letter.lastError}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </>
      )}
      <Button onClick={reload} testId="diagnostics-again">
        Check again
      </Button>
    </Flex>
  );
}
