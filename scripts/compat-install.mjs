// Installs the engine of the last n8n 1.x into test/compat/n8n-1.x (used only by
// `npm run test:compat`), exactly as its committed package-lock.json says, and only when that
// install is missing or was made from another lockfile: a fresh one takes half a minute.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const dir = resolve(import.meta.dirname, '..', 'test', 'compat', 'n8n-1.x');
const stamp = join(dir, 'node_modules', '.installed-from-lock');
const lockHash = createHash('sha256')
	.update(readFileSync(join(dir, 'package-lock.json')))
	.digest('hex');

if (existsSync(stamp) && readFileSync(stamp, 'utf8') === lockHash) {
	console.log('compat install (n8n 1.x engine): up to date');
	process.exit(0);
}

console.log('compat install (n8n 1.x engine): npm ci in test/compat/n8n-1.x …');
const started = Date.now();
// --ignore-scripts: the root .npmrc is not read under --prefix, and the only install script in
// the tree builds isolated-vm, a native module only n8n's opt-in VM expression engine loads.
execFileSync(
	'npm',
	['ci', '--prefix', dir, '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'],
	{ stdio: 'inherit' },
);
writeFileSync(stamp, lockHash);
console.log(
	`compat install (n8n 1.x engine): done in ${Math.round((Date.now() - started) / 1000)} s`,
);
