/**
 * Makes a SUPPORT_STAFF entry: `npx tsx scripts/hash-support-password.ts <username>`.
 * Asks for the password twice without echoing it (or reads one line from stdin when piped), and prints
 * `<username>:scrypt:N:r:p:salt:hash` to add to SUPPORT_STAFF (comma-separated). The password itself is never printed
 * or stored.
 */
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { hashPassword } from '../lib/support/password-hash';

const MIN_LENGTH = 12;

/** One line from the terminal without echo, or from piped stdin. */
function readSecret(prompt: string): Promise<string> {
  const interactive = Boolean(process.stdin.isTTY);
  let muted = false;
  const output = new Writable({
    write(chunk, _encoding, done) {
      if (!muted) process.stderr.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: interactive });
  return new Promise((resolve) => {
    if (interactive) process.stderr.write(prompt);
    muted = true;
    rl.once('line', (line) => {
      resolve(line); // before close(), whose 'close' event would resolve with ''
      rl.close();
      if (interactive) process.stderr.write('\n');
    });
    rl.once('close', () => resolve(''));
  });
}

async function main() {
  const username = (process.argv[2] ?? '').trim().toLowerCase();
  if (!/^[a-z0-9._@-]{1,64}$/.test(username)) {
    console.error('Usage: npx tsx scripts/hash-support-password.ts <username>   (letters, digits and . _ @ -)');
    process.exit(2);
  }
  const password = await readSecret('Password: ');
  if (process.stdin.isTTY) {
    const again = await readSecret('Password again: ');
    if (again !== password) {
      console.error('The passwords differ; nothing was printed.');
      process.exit(1);
    }
  }
  if (password.length < MIN_LENGTH) {
    console.error(`Use at least ${MIN_LENGTH} characters.`);
    process.exit(1);
  }
  console.log(`${username}:${await hashPassword(password)}`);
  console.error('Add that line to SUPPORT_STAFF (comma-separated entries), e.g. in .env or your host\'s settings.');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
