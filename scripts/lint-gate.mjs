// Runs the ESLint gate of n8n's community-package verification offline: on the source tree as
// `n8n-node lint` sees it, and on the unpacked `npm pack` tarball as the verification scanner does.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
	analyzePackage,
	buildScanConfig,
	SOURCE_FILE_PATTERNS,
} from '@n8n/scan-community-package/scanner/scanner.mjs';
import { ESLint } from 'eslint';
import glob from 'fast-glob';

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

// The one exception, and only on the source: the public contract names the webhook credential
// "JusBiz Webhook" (it authenticates JusBiz to n8n, not n8n to an API), while the source-only
// credential ruleset wants every display name to end in " API". The tarball, which is what n8n's
// verification scans, is checked below with nothing turned off.
const SOURCE_EXCEPTIONS = [
	{
		files: ['credentials/JusBizWebhookApi.credentials.ts'],
		rules: { 'n8n-nodes-base/cred-class-field-display-name-missing-api': 'off' },
	},
];

async function analyzeSource() {
	const eslint = new ESLint({
		cwd: root,
		allowInlineConfig: false,
		overrideConfigFile: true,
		overrideConfig: [...(await buildScanConfig()), ...SOURCE_EXCEPTIONS],
	});
	const files = glob.sync(SOURCE_FILE_PATTERNS, {
		cwd: root,
		absolute: true,
		ignore: ['node_modules/**', '**/package-lock.json'],
	});
	const results = await eslint.lintFiles(files);
	if (results.every((result) => result.errorCount === 0)) return { passed: true };
	const formatter = await eslint.loadFormatter('stylish');
	return {
		passed: false,
		message: 'ESLint violations found',
		details: await formatter.format(results),
	};
}

const sourceOk = report('source', await analyzeSource());

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
	tarballOk = report('tarball', await analyzePackage(unpacked));
} finally {
	rmSync(work, { recursive: true, force: true });
}

process.exit(sourceOk && tarballOk ? 0 : 1);
