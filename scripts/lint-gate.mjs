// Runs the ESLint gate of n8n's community-package verification offline, as the scanner runs it:
// on the source at the published commit (its SOURCE_FILE_PATTERNS) and on the unpacked `npm pack`
// tarball, with its configuration alone: nothing turned off, inline `eslint-disable` ignored.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
	analyzePackage,
	SOURCE_FILE_PATTERNS,
} from '@n8n/scan-community-package/scanner/scanner.mjs';

const root = resolve(import.meta.dirname, '..');

function report(label, result) {
	if (result.passed) {
		console.log(`lint gate (${label}): passed`);
		return true;
	}
	console.error(`lint gate (${label}): ${result.message}`);
	if (result.details) console.error(result.details);
	return false;
}

// The scanner's two legs, with its own patterns: the source checkout, then the published tarball.
const sourceOk = report('source', await analyzePackage(root, SOURCE_FILE_PATTERNS));

const work = mkdtempSync(join(tmpdir(), 'jusbiz-pack-'));
let tarballOk = false;
try {
	const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', work], {
		cwd: root,
		encoding: 'utf8',
	})
		.trim()
		.split('\n')
		.pop();
	const unpacked = join(work, 'package');
	execFileSync('tar', ['-xzf', join(work, tarball), '-C', work]);
	tarballOk = report('tarball', await analyzePackage(unpacked, ['**/*.js', 'package.json']));
} finally {
	rmSync(work, { recursive: true, force: true });
}

process.exit(sourceOk && tarballOk ? 0 : 1);
