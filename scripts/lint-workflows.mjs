// Validates the GitHub Actions workflows offline, since they cannot run here: each file against
// GitHub's workflow schema (@action-validator/core, compiled to WebAssembly, so nothing is
// downloaded), and every script a step names against this checkout, because a step must only run
// what a developer can run locally.
// Usage: node scripts/lint-workflows.mjs [file.yml ...]   (default: .github/workflows/*.yml)
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

import { validateWorkflow } from '@action-validator/core';

const root = resolve(import.meta.dirname, '..');
const workflowsDir = join(root, '.github', 'workflows');
const files =
	process.argv.length > 2
		? process.argv.slice(2).map((file) => resolve(file))
		: readdirSync(workflowsDir)
				.filter((name) => /\.ya?ml$/.test(name))
				.map((name) => join(workflowsDir, name));
const { scripts = {} } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** The validator nests every alternative of a oneOf; its leaves are the readable errors. */
function leaves(errors, out = new Set()) {
	for (const error of errors) {
		if (error.states?.length) {
			for (const state of error.states) leaves(state.errors, out);
		} else {
			const where = error.location
				? `line ${error.location.line}, column ${error.location.column}`
				: error.path;
			out.add(`${where}: ${error.detail ?? error.title}`);
		}
	}
	return out;
}

function localReferences(text) {
	const problems = [];
	for (const [, name] of text.matchAll(/\bnpm run ([\w:.-]+)/g)) {
		if (!(name in scripts)) problems.push(`"npm run ${name}": package.json has no such script`);
	}
	for (const [, path] of text.matchAll(/\b(?:node|bash|sh) (scripts\/[\w./-]+)/g)) {
		if (!existsSync(join(root, path))) problems.push(`"${path}" does not exist`);
	}
	for (const [, path] of text.matchAll(/\buses: (\.\/[\w./-]+)/g)) {
		const target = join(root, path);
		if (!existsSync(target)) problems.push(`"uses: ${path}" does not exist`);
		else if (/\.ya?ml$/.test(path) && !/^\s*workflow_call:/m.test(readFileSync(target, 'utf8'))) {
			problems.push(`"uses: ${path}" is not a reusable workflow (no workflow_call trigger)`);
		}
	}
	return problems;
}

let failed = 0;
for (const file of files) {
	const name = relative(root, file);
	const text = readFileSync(file, 'utf8');
	const problems = [...leaves(validateWorkflow(text).errors), ...localReferences(text)];
	if (problems.length === 0) {
		console.log(`lint workflows: ${name}: ok`);
		continue;
	}
	failed++;
	console.error(`lint workflows: ${name}:`);
	for (const problem of problems) console.error(`  ${problem}`);
}
if (files.length === 0) {
	console.error('lint workflows: no workflow files found');
	failed++;
}
process.exit(failed === 0 ? 0 : 1);
