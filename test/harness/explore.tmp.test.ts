import { join } from 'node:path';
import { createEngineHarness } from './engine';

it('explore', async () => {
	const h = await createEngineHarness({ packageDir: join(__dirname, 'fixture-package'), nodeType: 'fixtureEcho', credentialType: 'fixtureApi' });
	for (const errorShape of ['itemError', 'throw', 'jsonError']) {
		for (const onError of ['continueRegularOutput', 'continueErrorOutput', 'stopWorkflow'] as const) {
			const t = Date.now();
			const r = await h.runNode({ items: [{ id: 'bad', fail: true }, { id: 'bad2', fail: true }], parameters: { baseUrl: 'http://127.0.0.1:1', errorShape }, credentials: { apiKey: 'k' }, onError });
			console.log(errorShape, onError, Date.now() - t, 'ms', JSON.stringify({ main: r.main, err: r.errorOutput, status: r.run.status, nodeError: r.nodeError?.message, keys: r.main[0] && Object.keys(r.main[0]), hasErrObj: r.main[0]?.error?.constructor?.name, errErr: r.errorOutput[0]?.error?.constructor?.name }, null, 0));
		}
	}
	// network error
	const r = await h.runNode({ items: [{ id: 'a' }], parameters: { baseUrl: 'http://127.0.0.1:1' }, credentials: { apiKey: 'k' } });
	console.log('neterr', r.nodeError?.name, r.nodeError?.message, (r.nodeError as any)?.description, r.allText({includeRequests:false}).includes('k'));
	const t = Date.now();
	for (let i = 0; i < 10; i++) await h.runNode({ items: [{ id: 'a' }], parameters: { baseUrl: 'http://127.0.0.1:1', errorShape: 'jsonError' }, credentials: { apiKey: 'k' }, onError: 'continueRegularOutput' });
	console.log('10 runs', Date.now() - t);
});
