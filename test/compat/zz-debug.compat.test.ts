import { join } from 'node:path';
it('x', async () => {
	const created: any[] = [];
	for (const name of ['setTimeout', 'setInterval'] as const) {
		const orig = (globalThis as any)[name];
		(globalThis as any)[name] = function (...args: any[]) {
			const t = orig.apply(this, args);
			created.push([name, args[1], t, new Error().stack?.split('\n').slice(2, 7).join('\n')]);
			return t;
		};
	}
	const { createEngineHarness } = require('../harness/engine');
	const h = await createEngineHarness({ packageDir: join(__dirname, '../harness/fixture-package'), nodeType: 'fixtureEcho', credentialType: 'fixtureApi' });
	await h.runNode({ items: [{ id: 'a' }], parameters: { baseUrl: 'http://127.0.0.1:1', value: 'x' }, credentials: { apiKey: 'k' } }).catch((e: any) => e);
	await new Promise((r) => setTimeout(r, 500));
	for (const [n, ms, t, st] of created) if (t.hasRef?.() && !t._destroyed) console.log(n, ms, st);
});
