import nock from 'nock';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { createSimulator, type Simulator } from '../simulator/server';

/**
 * A simulator on 127.0.0.1 for a test file, reset after each test, and the JusBiz API credential
 * that reaches it (its answers encrypted, as JusBiz documents).
 */
export function useSimulator(): {
	readonly simulator: Simulator;
	readonly credentials: ICredentialDataDecryptedObject;
} {
	let simulator: Simulator | undefined;
	beforeAll(async () => {
		nock.enableNetConnect('127.0.0.1');
		simulator = await createSimulator();
	});
	afterEach(() => simulator?.reset());
	afterAll(async () => {
		await simulator?.close();
	});
	const ready = (): Simulator => {
		if (!simulator) throw new Error('simulator not ready');
		return simulator;
	};
	return {
		get simulator() {
			return ready();
		},
		get credentials() {
			const { credentials } = ready();
			return { ...credentials, privateKey: credentials.privateKeyPem };
		},
	};
}
