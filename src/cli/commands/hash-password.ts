import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { generateToken, hashPassword, hashToken } from '../../server/auth/secrets.ts';

/**
 * `schemagate hash-password`: the passwordHash for a config file, from a
 * password typed (not echoed) or piped on stdin. With --token it makes a new
 * random bearer token and prints the token once, with its tokenHash.
 */
export async function hashPasswordCommand(options: { token?: boolean; json?: boolean }): Promise<number> {
  if (options.token) {
    const token = generateToken();
    if (options.json) process.stdout.write(`${JSON.stringify({ token, tokenHash: hashToken(token) }, null, 2)}\n`);
    else process.stdout.write(`token: ${token}\ntokenHash: ${hashToken(token)}\n`);
    process.stderr.write('Give the token to its user; put only the tokenHash in the config file.\n');
    return 0;
  }
  const password = process.stdin.isTTY ? await prompt('Password: ') : await readStdin();
  if (password === '') {
    process.stderr.write('schemagate: the password is empty\n');
    return 2;
  }
  const passwordHash = hashPassword(password);
  process.stdout.write(options.json ? `${JSON.stringify({ passwordHash }, null, 2)}\n` : `${passwordHash}\n`);
  return 0;
}

async function readStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  // One trailing newline is the shell's (echo, <<<), not the password's.
  return text.replace(/\r?\n$/, '');
}

async function prompt(question: string): Promise<string> {
  process.stderr.write(question);
  const muted = new Writable({ write: (_chunk, _encoding, done) => done() });
  const rl = createInterface({ input: process.stdin, output: muted, terminal: true });
  try {
    return await new Promise<string>((resolve) => rl.question('', resolve));
  } finally {
    rl.close();
    process.stderr.write('\n');
  }
}
