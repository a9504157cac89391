import type { SchemaRegistryError } from '../client/client-errors.ts';

/**
 * The registry's error messages speak HTTP ("Run POST /governance/…", a body
 * field "user"), since most of its callers are programs. A person at the CLI
 * needs the schemagate command instead: each entry rewrites what the message
 * says to do and names the command, keyed by error_code (src/core/errors.ts,
 * docs/errors.md). A message the pattern no longer matches is kept as the
 * registry wrote it, with the command added after it.
 */
interface Translation {
  /** The message in the CLI's terms; the registry's message when left out. */
  rewrite?: (message: string) => string;
  /** The command to run, or what to set, from the message's details. */
  run?: (message: string) => string | undefined;
}

const crId = (message: string) => /[Cc]hange request (\d+)/.exec(message)?.[1] ?? '<id>';
const canaryCr = (message: string) => /canary window of change request (\d+)/.exec(message)?.[1] ?? crId(message);
const subjectOf = (message: string) => /[Ss]ubject '([^']+)'/.exec(message)?.[1] ?? '<subject>';
const SIGN_IN = 'SCHEMAGATE_USER and SCHEMAGATE_PASSWORD, or SCHEMAGATE_TOKEN';

const TRANSLATIONS: Record<number, Translation> = {
  // Subject strict with no audit entry: an admin records one.
  40950: {
    rewrite: (m) => m.replace(/ with POST \/governance\/audit-log \(or schemagate audit-log record\)/, ''),
    run: (m) => `schemagate audit-log record --subjects ${subjectOf(m)} --schema-bundle-sha <sha> --change-request <ref> --validation-window <text> (as an admin)`,
  },
  40954: {
    rewrite: (m) => m.replace(/ Run POST \/governance\/change-requests\/\d+\/dry-run and fix what it reports\./, ' Fix what its dry-run reports.'),
    run: (m) => `schemagate cr dry-run ${crId(m)}`,
  },
  40955: { run: (m) => `schemagate cr approve ${crId(m)} --role <role> --notes "…" (as an approver in the missing role)` },
  40956: { run: (m) => `schemagate cr promote ${crId(m)} once the window has passed; schemagate cr show ${crId(m)} shows when` },
  40957: {
    rewrite: (m) => m.replace(/ \(POST …\/fail\)/, ''),
    run: (m) => `schemagate cr fail ${crId(m)} --notes "…", then schemagate cr create <files|dirs> … for a fixed bundle`,
  },
  40958: { run: (m) => `schemagate cr show ${crId(m)}` },
  40959: { run: (m) => `schemagate cr show ${crId(m)}, then the same command again` },
  40960: { rewrite: (m) => m.replace(/ Run its dry-run again\.$/, ''), run: (m) => `schemagate cr dry-run ${crId(m)}` },
  40961: { run: () => `ask an admin (sign in as one with ${SIGN_IN})` },
  40962: {
    rewrite: (m) => m.replace(/ \(POST \/governance\/change-requests\/\d+\/fail\)/, ''),
    run: (m) => `schemagate cr fail ${canaryCr(m)} --notes "…" (ends that canary), or wait for its promotion`,
  },
  40963: { run: (m) => `schemagate cr fail ${crId(m)} --notes "…", then schemagate cr create <files|dirs> …` },
  40964: { run: (m) => `schemagate cr withdraw ${crId(m)}: there is nothing for it to apply` },
  40450: { run: () => 'schemagate cr list' },
  40401: { run: () => 'schemagate subjects' },
  40301: { run: () => `sign in as a user holding one of those roles (${SIGN_IN})` },
  42255: {
    rewrite: () => 'Authentication is off, so the registry needs the acting user named.',
    run: () => 'pass --user <name>, or set SCHEMAGATE_USER',
  },
};

/**
 * What any message may still say in the API's terms after its own rewrite
 * (another error quoted inside it, a message worded anew on the server):
 * endpoints become the command, body fields the flag.
 */
const API_TO_CLI: Array<[RegExp, string]> = [
  [/POST \/governance\/change-requests\/(\d+)\/approvals/g, 'schemagate cr approve $1'],
  [/POST \/governance\/change-requests\/(\d+)\/(dry-run|apply|promote|fail|reject|withdraw)/g, 'schemagate cr $2 $1'],
  [/PUT \/governance\/change-requests\/(\d+)\/schemas/g, 'schemagate cr edit $1'],
  [/POST …\/fail/g, 'schemagate cr fail'],
  [/POST \/governance\/audit-log(?: \(or schemagate audit-log record\))?/g, 'schemagate audit-log record'],
  [/declare it in "majorChanges"/g, 'declare it with --major-change'],
  [/"majorChanges"/g, '--major-change'],
  [/the body field "user"/g, '--user'],
  [/ for 'awaiting'/g, ' for --awaiting'],
];

/**
 * A registry error in the CLI's terms: the message (API advice replaced),
 * its error code, and on a second line the command to run. A 401 names the
 * environment variables the CLI signs in with, set or not.
 */
export function registryErrorInCliTerms(err: SchemaRegistryError, env: NodeJS.ProcessEnv = process.env): string {
  if (err.status === 401) return signInMessage(err.message, env);
  const translation = TRANSLATIONS[err.errorCode] ?? {};
  const message = apiTermsToCli(translation.rewrite ? translation.rewrite(err.message) : err.message);
  const run = translation.run?.(err.message);
  return `${message}${err.errorCode ? ` (error ${err.errorCode})` : ''}${run ? `\n  → ${run}` : ''}`;
}

/** Endpoints and body fields in a registry's text (an error, a dry-run blocker) as the CLI's commands and flags. */
export function apiTermsToCli(text: string): string {
  return API_TO_CLI.reduce((out, [pattern, cli]) => out.replace(pattern, cli), text);
}

function signInMessage(serverMessage: string, env: NodeJS.ProcessEnv): string {
  const detail = serverMessage.replace(/^Authentication required: /, '');
  if (env.SCHEMAGATE_TOKEN) return `the registry refused the token in SCHEMAGATE_TOKEN (${detail}); check it, or sign in with SCHEMAGATE_USER and SCHEMAGATE_PASSWORD instead`;
  if (env.SCHEMAGATE_USER) return `the registry refused the user '${env.SCHEMAGATE_USER}' (SCHEMAGATE_USER) with the password in SCHEMAGATE_PASSWORD${env.SCHEMAGATE_PASSWORD ? '' : ' (which is not set)'} (${detail})`;
  return `the registry requires sign-in (${detail}): set ${SIGN_IN}`;
}
