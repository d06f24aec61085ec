import { spawn } from 'child_process';
import { join } from 'path';

import {
	casesAgainst,
	differing,
	ITEMS,
	PARAMETERS,
	type Case,
	type Outcome,
} from '../support/expressionCorpus';

/* eslint-disable @typescript-eslint/no-require-imports */
const { ensureN8nInstalled } =
	require('../../scripts/lib/n8n-install.js') as typeof import('../../scripts/lib/n8n-install.js');
const taggedJson = require('../support/taggedJson.js') as typeof import('../support/taggedJson.js');
/* eslint-enable @typescript-eslint/no-require-imports */

// The fast reader of item paths against n8n 2.41.1 as its CLI evaluates: on the 'vm' engine
// (isolated-vm), its default, which in-process n8n-workflow never starts, so the engine test
// (test/engine/itemPathExpression.engine.test.ts) compares against the legacy engine only. The
// same corpus goes to test/support/n8n/evaluateExpressions.js, run by the install's Node 24 with
// the install's n8n-workflow; the same rule holds: n8n's value, or a decline.

const SCRIPT = join(__dirname, '..', 'support', 'n8n', 'evaluateExpressions.js');

interface Evaluated {
	engine: string;
	outcomes: Outcome[][];
}

async function evaluateOnN8n(): Promise<Evaluated> {
	const install = await ensureN8nInstalled();
	// The CLI's default engine, whatever the shell running the tests says.
	const env = { ...process.env };
	delete env.N8N_EXPRESSION_ENGINE;
	const child = spawn(install.node24, [SCRIPT, install.n8nBin], {
		env,
		stdio: ['pipe', 'pipe', 'pipe'],
	});
	let stdout = '';
	let stderr = '';
	child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
	child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
	child.stdin.end(taggedJson.stringify({ items: ITEMS, parameters: PARAMETERS }));
	const code = await new Promise<number | null>((resolve, reject) => {
		child.on('error', reject);
		child.on('close', resolve);
	});
	if (code !== 0) {
		throw new Error(`evaluateExpressions.js exited with ${code}:\n${stderr}`);
	}
	return taggedJson.parse(stdout) as Evaluated;
}

let evaluated: Evaluated;
let cases: Case[];

beforeAll(async () => {
	evaluated = await evaluateOnN8n();
	cases = casesAgainst(
		(parameter, itemIndex) => evaluated.outcomes[PARAMETERS.indexOf(parameter)][itemIndex],
	);
}, 15 * 60_000);

describe('the fast reader of item paths, against n8n 2.41.1 on its default vm engine', () => {
	it('evaluates every parameter on every item, on the vm engine', () => {
		expect(evaluated.engine).toBe('vm');
		expect(evaluated.outcomes.map((row) => row.length)).toEqual(PARAMETERS.map(() => ITEMS.length));
	});

	it.each(PARAMETERS.map((parameter) => [JSON.stringify(parameter), parameter]))(
		'%s: on every item, the value n8n gives or a decline',
		(_label, parameter) => {
			expect(differing(cases, parameter)).toEqual([]);
		},
	);

	it('answers some cases itself, or the comparison above would prove nothing', () => {
		expect(cases.filter((c) => c.fast !== undefined).length).toBeGreaterThan(60);
	});
});
