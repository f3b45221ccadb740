import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ReviewStatus } from '@aws-sdk/client-partnercentral-selling';
import { z } from 'zod';
import { AceError, AcePartnerCentral, type AcePartnerCentralOptions } from './partner-central.ts';

/**
 * AWS Partner Central Selling's wire protocol (awsJson1_0): POST / with
 * `X-Amz-Target: AWSPartnerCentralSelling.<Operation>`, a JSON body, errors named by `__type` and
 * `x-amzn-errortype`. The real SDK client runs against it with `endpoint` set to this URL.
 */
const TARGET_PREFIX = 'AWSPartnerCentralSelling.';
const CONTENT_TYPE = 'application/x-amz-json-1.0';
const MAX_BODY_BYTES = 1_000_000;

type Operation = (pc: AcePartnerCentral, input: Record<string, unknown>) => Record<string, unknown>;

const OPERATIONS: Readonly<Record<string, { kind: 'read' | 'write'; run: Operation }>> = {
  CreateOpportunity: { kind: 'write', run: (pc, i) => pc.createOpportunity(i) },
  AssociateOpportunity: { kind: 'write', run: (pc, i) => pc.associateOpportunity(i) },
  SubmitOpportunity: { kind: 'write', run: (pc, i) => pc.submitOpportunity(i) },
  UpdateOpportunity: { kind: 'write', run: (pc, i) => pc.updateOpportunity(i) },
  GetOpportunity: { kind: 'read', run: (pc, i) => pc.getOpportunity(i) },
  GetAwsOpportunitySummary: { kind: 'read', run: (pc, i) => pc.getAwsOpportunitySummary(i) },
  ListOpportunities: { kind: 'read', run: (pc, i) => pc.listOpportunities(i) },
  ListEngagementInvitations: { kind: 'read', run: (pc, i) => pc.listEngagementInvitations(i) },
  GetEngagementInvitation: { kind: 'read', run: (pc, i) => pc.getEngagementInvitation(i) },
  StartEngagementByAcceptingInvitationTask: { kind: 'write', run: (pc, i) => pc.startEngagementByAcceptingInvitationTask(i) },
  ListEngagementByAcceptingInvitationTasks: { kind: 'read', run: (pc, i) => pc.listEngagementByAcceptingInvitationTasks(i) },
  RejectEngagementInvitation: { kind: 'write', run: (pc, i) => pc.rejectEngagementInvitation(i) },
};

const STATUS: Record<AceError['errorName'], number> = {
  ValidationException: 400,
  ConflictException: 409,
  ResourceNotFoundException: 404,
  ThrottlingException: 429,
  AccessDeniedException: 403,
  ServiceQuotaExceededException: 402,
  InternalServerException: 500,
};

/** Test and demo controls, never part of AWS's API: move AWS's clock, decide a review, send a referral. */
const controlSchemas = {
  advance: z.object({ ms: z.number().int().positive() }).strict(),
  outcome: z
    .object({
      status: z.enum([ReviewStatus.APPROVED, ReviewStatus.ACTION_REQUIRED, ReviewStatus.REJECTED]),
      comments: z.string().optional(),
      reason: z.string().optional(),
    })
    .strict(),
  referral: z.object({ catalog: z.enum(['AWS', 'Sandbox']).optional(), body: z.record(z.string(), z.unknown()), message: z.string().optional() }).strict(),
};

export interface AceStandIn {
  url: string;
  partnerCentral: AcePartnerCentral;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new AceError('ValidationException', 'The request body is too large.', { Reason: 'REQUEST_VALIDATION_FAILED' });
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, body: unknown, errorType?: string): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': CONTENT_TYPE,
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': `standin-${Math.random().toString(36).slice(2)}`,
    ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
  });
  res.end(text);
}

function sendError(res: ServerResponse, error: AceError): void {
  send(
    res,
    STATUS[error.errorName],
    { __type: `com.amazonaws.partnercentralselling#${error.errorName}`, message: error.message, ...error.extra },
    error.errorName,
  );
}

async function handleControl(pc: AcePartnerCentral, path: string, raw: string): Promise<unknown> {
  const json: unknown = raw ? JSON.parse(raw) : {};
  switch (path) {
    case '/_standin/advance':
      pc.advance(controlSchemas.advance.parse(json).ms);
      return { now: new Date(pc.now()).toISOString() };
    case '/_standin/review-outcome': {
      const outcome = controlSchemas.outcome.parse(json);
      pc.queueReviewOutcome({
        status: outcome.status,
        ...(outcome.comments !== undefined ? { comments: outcome.comments } : {}),
        ...(outcome.reason !== undefined ? { reason: outcome.reason } : {}),
      });
      return {};
    }
    case '/_standin/referral': {
      const referral = controlSchemas.referral.parse(json);
      return pc.sendReferral({
        body: referral.body,
        awsTeam: [{ FirstName: 'Sam', LastName: 'Okafor', Email: 'sokafor@amazon.com', BusinessTitle: 'PDM' }],
        ...(referral.catalog ? { catalog: referral.catalog } : {}),
        ...(referral.message ? { message: referral.message } : {}),
      });
    }
    default:
      return undefined;
  }
}

export async function handleAceRequest(pc: AcePartnerCentral, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const raw = await readBody(req);
    const path = (req.url ?? '/').split('?')[0]!;
    if (req.method === 'POST' && path.startsWith('/_standin/')) {
      const answer = await handleControl(pc, path, raw);
      if (answer === undefined) send(res, 404, { message: 'No such control.' });
      else send(res, 200, answer);
      return;
    }
    const target = req.headers['x-amz-target'];
    const operation = typeof target === 'string' && target.startsWith(TARGET_PREFIX) ? OPERATIONS[target.slice(TARGET_PREFIX.length)] : undefined;
    if (req.method !== 'POST' || path !== '/' || !operation) {
      send(res, 400, { __type: 'UnknownOperationException', message: `Unknown operation ${String(target)}.` }, 'UnknownOperationException');
      return;
    }
    const authorization = req.headers['authorization'];
    if (typeof authorization !== 'string' || !authorization.startsWith('AWS4-HMAC-SHA256 Credential=') || !req.headers['x-amz-date']) {
      send(res, 403, { __type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' }, 'MissingAuthenticationTokenException');
      return;
    }
    let input: unknown;
    try {
      input = raw ? JSON.parse(raw) : {};
    } catch {
      throw new AceError('ValidationException', 'The request body is not JSON.', { Reason: 'REQUEST_VALIDATION_FAILED' });
    }
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      throw new AceError('ValidationException', 'The request body must be a JSON object.', { Reason: 'REQUEST_VALIDATION_FAILED' });
    }
    const name = (target as string).slice(TARGET_PREFIX.length);
    pc.admit(name, operation.kind);
    send(res, 200, operation.run(pc, input as Record<string, unknown>));
  } catch (error) {
    if (error instanceof AceError) sendError(res, error);
    else if (error instanceof z.ZodError || error instanceof SyntaxError) send(res, 400, { message: error.message });
    else sendError(res, new AceError('InternalServerException', 'An internal error occurred.'));
  }
}

/** Starts the ACE stand-in on loopback (port 0: any free port). */
export async function startAceStandIn(options: AcePartnerCentralOptions & { port?: number } = {}): Promise<AceStandIn> {
  const partnerCentral = new AcePartnerCentral(options);
  const server: Server = createServer((req, res) => void handleAceRequest(partnerCentral, req, res));
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    partnerCentral,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
