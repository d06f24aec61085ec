// Runs the engine tests and the harness smoke test against the engine of the last n8n 1.x
// (n8n 1.123.81), installed apart in test/compat/n8n-1.x by scripts/compat-install.mjs.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const COMPAT_DIR = join(__dirname, 'test', 'compat', 'n8n-1.x');
const COMPAT_MODULES = join(COMPAT_DIR, 'node_modules');
const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));
const pinned = readJson(join(COMPAT_DIR, 'package.json')).dependencies;

// Every package the test code, the harness or the built dist/*.js require by name. n8n-core's own
// dependencies resolve inside the compat install anyway; redirecting these names (also when
// required from the root node_modules) keeps one copy of each class, so `instanceof` holds.
const REDIRECTED = ['n8n-core', 'n8n-workflow', '@n8n/di', '@n8n/backend-common'];

// Fail before any test runs rather than run a "compat" suite on a missing or stale install.
for (const name of REDIRECTED) {
	let version;
	try {
		({ version } = readJson(join(COMPAT_MODULES, name, 'package.json')));
	} catch {
		version = 'not installed';
	}
	if (version !== pinned[name]) {
		throw new Error(
			`jest.compat.config.js: ${name} in test/compat/n8n-1.x is ${version}, expected ${pinned[name]}; run \`node scripts/compat-install.mjs\``,
		);
	}
}

const escape = (name) => name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** @type {import('jest').Config} */
module.exports = {
	...require('./jest.config.js'),
	testMatch: [
		'<rootDir>/test/engine/**/*.engine.test.ts',
		'<rootDir>/test/support/engine/**/*.test.ts',
		'<rootDir>/test/compat/**/*.test.ts',
	],
	testPathIgnorePatterns: ['/node_modules/'],
	moduleNameMapper: Object.fromEntries(
		REDIRECTED.flatMap((name) => [
			[`^${escape(name)}$`, join(COMPAT_MODULES, name)],
			[`^${escape(name)}/(.*)$`, join(COMPAT_MODULES, name, '$1')],
		]),
	),
	// Lets the tests tell which engine they run on without guessing from behaviour.
	globals: { N8N_COMPAT_MAJOR: 1 },
};
