import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import nock from 'nock';

import { n8nMajor } from '../support/engine/core';
import { PATH, SANDBOX, sandboxCredentials, useEngine } from '../support/engine/useEngine';

const ROOT = join(__dirname, '..', '..');
const COMPAT_DIR = join(__dirname, 'n8n-1.x');

// Set only by jest.compat.config.js; the normal run leaves it undefined.
const compatMajor = (globalThis as { N8N_COMPAT_MAJOR?: number }).N8N_COMPAT_MAJOR;

function dependencies(packageJson: string): Record<string, string> {
	const parsed = JSON.parse(readFileSync(packageJson, 'utf8')) as {
		dependencies?: Record<string, string>;
		devDependencies?: Record<string, string>;
	};
	return { ...parsed.devDependencies, ...parsed.dependencies };
}

/** `addToMessages` is protected in the typings. */
function withMessages(prototype: object): { addToMessages(message: string): void } {
	return prototype as { addToMessages(message: string): void };
}

/** The versions this run must use: the compat install's pins, or the root devDependencies. */
const expected =
	compatMajor === undefined
		? dependencies(join(ROOT, 'package.json'))
		: dependencies(join(COMPAT_DIR, 'package.json'));

// A compat run that silently fell back to the root 2.x copies would prove nothing, so check what
// a bare `require('<name>')` really loads, from the test, the harness and the built package.
describe(`the engine under test is n8n ${compatMajor ?? 'from the root devDependencies'}`, () => {
	const engine = useEngine();

	it.each(['n8n-core', 'n8n-workflow', '@n8n/di'])('%s is the pinned version', (name) => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const { version } = require(`${name}/package.json`) as { version: string };
		expect(version).toBe(expected[name]);
	});

	it('the harness reports the same major', () => {
		expect(n8nMajor()).toBe(compatMajor ?? Number(expected['n8n-core'].split('.')[0]));
	});

	it('the built node constructs its errors from that n8n-workflow', async () => {
		// The engine hands back only a plain copy of a node's error, so watch the class itself: the
		// NodeApiError constructor of the copy a bare require loads (dist/*.js loaded through the
		// harness's PackageDirectoryLoader included) calls addToMessages.
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const mapped = require('n8n-workflow') as typeof import('n8n-workflow');
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const root = require(join(ROOT, 'node_modules', 'n8n-workflow')) as typeof mapped;
		const fromMapped = jest.spyOn(withMessages(mapped.NodeApiError.prototype), 'addToMessages');
		const fromRoot = jest.spyOn(withMessages(root.NodeApiError.prototype), 'addToMessages');
		try {
			nock(SANDBOX).post(PATH).reply(401, { message: 'Invalid Key ID passed' });
			const result = await engine().runNode({
				items: [{ id: 'P' }],
				parameters: { payoutId: '={{ $json.id }}' },
				credentials: sandboxCredentials,
			});
			expect(result.nodeError?.name).toBe('NodeApiError');
			expect(fromMapped).toHaveBeenCalled();
			if (compatMajor !== undefined) expect(fromRoot).not.toHaveBeenCalled();
		} finally {
			fromMapped.mockRestore();
			fromRoot.mockRestore();
		}
	});
});
