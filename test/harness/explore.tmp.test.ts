import { join } from 'node:path';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEngineHarness } from './engine';

it('explore', async () => {
	const h = await createEngineHarness({
		packageDir: join(__dirname, 'fixture-package'),
		nodeType: 'fixtureEcho',
		credentialType: 'fixtureApi',
		runTimeoutMs: 700,
	});
	const server = createServer(() => {});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	const t = Date.now();
	await expect(
		h.runNode({ items: [{ id: 'a' }], parameters: { baseUrl }, credentials: { apiKey: 'k' } }),
	).rejects.toThrow(/did not finish within 700 ms/);
	console.log('timeout after', Date.now() - t);
	const r = await h.runNode({
		items: [{ id: 'a', fail: true }],
		parameters: { baseUrl, errorShape: 'throw' },
		credentials: { apiKey: 'k' },
		onError: 'continueRegularOutput',
	});
	console.log(
		r.run.status,
		r.run.data.resultData.error?.message,
		r.run.data.resultData.lastNodeExecuted,
	);
	server.closeAllConnections();
	server.close();
});
