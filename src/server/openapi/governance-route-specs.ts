import type { ErrorName } from '../../core/errors.ts';
import type { Query } from '../query.ts';
import { expectHeadOf } from '../routes/governance-routes.ts';
import { AUDIT, CRS, CR_ERRORS, CR_ID, GOV, NOTIFY, PAGE, type RouteSpec, SUBJECT, arrayOf, obj, pageRefuse, str, userBody } from './route-spec-parts.ts';

/** schemagate's own routes: governance, the audit log and change requests. */
export const GOVERNANCE_ROUTE_SPECS: Record<string, RouteSpec> = {
  'GET /governance/config': { summary: 'Read the governance config', tag: GOV, ok: { status: 200, schema: obj('Validation mode, canary window and approval settings.'), description: 'The governance config.' }, errors: [] },
  'PUT /governance/config': {
    summary: 'Change the governance config',
    tag: GOV,
    body: obj('For example {"validationMode": "canary", "minCanaryWindow": "48h"}.'),
    ok: { status: 200, schema: obj('The governance config.'), description: 'The new governance config.' },
    errors: ['invalidValidationMode', 'invalidGovernanceSetting'],
  },
  'GET /governance/subjects/:subject': { summary: "A subject's governance status", tag: GOV, params: SUBJECT, ok: { status: 200, schema: obj('Validation mode, audit and canary state.'), description: 'Status.' }, errors: ['subjectNotFound'] },
  'PUT /governance/subjects/:subject/mode': {
    summary: "Set a subject's validation mode",
    tag: GOV,
    params: SUBJECT,
    body: userBody('{"mode": "canary" | "strict"}', { mode: str('canary or strict.') }),
    ok: { status: 200, schema: obj('The subject status.'), description: 'Done.' },
    errors: ['invalidValidationMode', 'invalidSubject', 'actingUserRequired', 'strictSubjectProtected', 'subjectInCanary', 'subjectUnaudited'],
  },
  'GET /governance/subjects/:subject/reports': {
    summary: 'Validation reports of a subject',
    tag: GOV,
    params: SUBJECT,
    query: PAGE,
    ok: { status: 200, schema: obj('Reports, newest first.'), description: 'Reports.' },
    errors: ['subjectNotFound'],
    edge: { querystring: pageRefuse },
  },
  'GET /governance/subjects/:subject/compat-ids': { summary: 'Schema compat ids of a subject', tag: GOV, params: SUBJECT, ok: { status: 200, schema: obj('Compat ids by version.'), description: 'Compat ids.' }, errors: ['subjectNotFound'] },
  'GET /governance/subjects/:subject/diff': {
    summary: 'Diff two versions of a subject',
    tag: GOV,
    params: SUBJECT,
    query: { from: str('A version.'), to: str('A version.') },
    ok: { status: 200, schema: obj('The diff.'), description: 'The diff.' },
    errors: ['subjectNotFound', 'versionNotFound', 'invalidVersion'],
  },
  'POST /governance/dry-run': {
    summary: 'Dry-run a bundle against the registry',
    tag: GOV,
    description: 'The body stays text for the worker engine (it may hold megabytes of sample records); it is described here, not parsed at the edge.',
    body: obj('{"schemas": [{"subject", "schema", "schemaType", "references", "samples"}], …}'),
    bodyText: true,
    ok: { status: 200, schema: obj('The dry-run report.'), description: 'The report.' },
    errors: ['invalidBundle', 'invalidSchema', 'schemaTooLarge', 'checkBudgetExceeded', 'registryBusy'],
  },
  'GET /governance/audit-log': { summary: 'The audit log', tag: AUDIT, ok: { status: 200, schema: { type: 'object', properties: { entries: arrayOf(obj('An entry.')) } }, description: 'Entries.' }, errors: [] },
  'GET /governance/audit-log/verify': {
    summary: 'Verify the audit chain',
    tag: AUDIT,
    query: { expectHead: str('The hash the chain must end with (64 hex characters).', { pattern: '^[0-9a-fA-F]{64}$' }) },
    ok: { status: 200, schema: obj('The verification result.'), description: 'Result.' },
    errors: [],
    edge: { querystring: (query) => void expectHeadOf(query as Query) },
  },
  'GET /governance/audit-log.md': { summary: 'The audit log as Markdown', tag: AUDIT, ok: { status: 200, schema: { type: 'string' }, description: 'Markdown.', type: 'text/markdown' }, errors: [] },
  'POST /governance/audit-log': {
    summary: 'Record an audit entry by hand',
    tag: AUDIT,
    body: userBody('{"schemaBundleSha", "changeRequest", "validationWindow", "notes", "subjects"}'),
    ok: { status: 200, schema: obj('The entry recorded.'), description: 'Recorded.' },
    errors: ['invalidAuditEntry', 'actingUserRequired'],
  },

  // Change requests
  'POST /governance/change-requests': {
    summary: 'Open a change request',
    tag: CRS,
    description: 'The body stays text for the worker engine; described here, not parsed at the edge.',
    body: userBody('{"title", "reference", "schemas": [...]}'),
    bodyText: true,
    ok: { status: 201, schema: obj('The change request.'), description: 'Created.' },
    errors: ['invalidChangeRequest', 'invalidBundle', 'invalidSchema', 'actingUserRequired', 'changeRequestChangesNothing'],
  },
  'GET /governance/change-requests': {
    summary: 'List change requests',
    tag: CRS,
    query: { state: str('Only this state.'), awaiting: str('Only those awaiting this role, or "me".'), user: str('Who "me" is when authentication is off.'), ...PAGE },
    ok: { status: 200, schema: arrayOf(obj('A change request.')), description: 'Change requests.' },
    errors: [],
  },
  'GET /governance/change-requests/:id': { summary: 'Read a change request', tag: CRS, params: CR_ID, ok: { status: 200, schema: obj('The change request.'), description: 'It.' }, errors: ['changeRequestNotFound'] },
  'PUT /governance/change-requests/:id/schemas': {
    summary: "Edit a change request's bundle",
    tag: CRS,
    description: 'The body stays text for the worker engine; described here, not parsed at the edge.',
    params: CR_ID,
    body: userBody('{"schemas": [...]}'),
    bodyText: true,
    ok: { status: 200, schema: obj('The change request.'), description: 'Edited.' },
    errors: [...CR_ERRORS, 'invalidChangeRequest', 'invalidBundle', 'invalidSchema'],
  },
  ...crActions(),

  // Notifications
  'GET /governance/notifications': {
    summary: 'Governance events, newest first',
    tag: NOTIFY,
    description: 'The events webhooks receive (docs/notifications.md), in the same shape. Newest first; with `after` (the newest seq seen), the events after it oldest first, so a poll never skips any.',
    query: {
      after: str('Only events with a larger seq.'),
      before: str('Only events with a smaller seq (paging back).'),
      limit: str('At most this many (1 to 500; 50 by default).'),
      changeRequest: str('Only events of this change request.'),
    },
    ok: { status: 200, schema: { type: 'object', properties: { events: arrayOf(obj('An event: id, seq, type, at, changeRequest, subject, actor and its fields.')) } }, description: 'Events.' },
    errors: [],
  },
  'GET /governance/notifications/deliveries': {
    summary: 'Webhook deliveries, newest first',
    tag: NOTIFY,
    query: { state: str('pending, delivered or dead.'), webhook: str('Only this webhook (its name, or url-<hash>).'), limit: str('At most this many (1 to 500; 50 by default).') },
    ok: { status: 200, schema: { type: 'object', properties: { deliveries: arrayOf(obj('A delivery: webhookId, seq, key, type, state, attempts, nextAttemptAt, lastError, deliveredAt.')) } }, description: 'Deliveries.' },
    errors: [],
  },
};

function crActions(): Record<string, RouteSpec> {
  const actions: Array<[string, string, ErrorName[]]> = [
    ['dry-run', 'Dry-run a change request', ['checkBudgetExceeded', 'registryBusy']],
    ['approvals', 'Approve a change request in a role', ['approveOwnChangeRequest', 'roleAlreadyApproved', 'approverAlreadyApproved', 'dryRunRequired']],
    ['apply', 'Apply an approved change request (starts its canary)', ['approvalsMissing', 'changeRequestStale', 'subjectInCanary']],
    ['promote', 'Promote a change request to strict after its canary window', ['canaryWindowOpen', 'canaryHasFailures', 'canaryInterrupted']],
    ['fail', 'Mark a canary failed', []],
    ['reject', 'Reject a change request', []],
    ['withdraw', 'Withdraw a change request', []],
  ];
  return Object.fromEntries(
    actions.map(([action, summary, errors]) => [
      `POST /governance/change-requests/:id/${action}`,
      {
        summary,
        tag: CRS,
        params: CR_ID,
        ...(action !== 'dry-run' && action !== 'apply' && { body: userBody(action === 'approvals' ? '{"role", "comment"}' : '{"reason"}') }),
        ok: { status: 200, schema: obj('The change request (or the dry-run report).'), description: 'Done.' },
        errors: [...CR_ERRORS, ...errors],
      } satisfies RouteSpec,
    ]),
  );
}
