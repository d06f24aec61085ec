import nock from 'nock';
import type { ICredentialDataDecryptedObject, INodeParameters } from 'n8n-workflow';

import { createEngineHarness, type EngineHarness } from './index';
import { FAKE_API_KEY, FAKE_KEY_ID, FAKE_MERCHANT_ID, PACKAGE_DIR } from '../fixtures';

export const SANDBOX = 'https://sandbox.biz.juspay.in';
export const PATH = '/ardra/vt/cvv/v2';

export const sandboxCredentials: ICredentialDataDecryptedObject = {
	apiKey: FAKE_API_KEY,
	merchantId: FAKE_MERCHANT_ID,
	keyId: FAKE_KEY_ID,
	environment: 'sandbox',
};

/** The built package, loaded into n8n-core's real engine; every test talks to nock, never the network. */
export function useEngine(nodeType = 'jusBizGetSecurityCode'): () => EngineHarness {
	let harness: EngineHarness | undefined;
	beforeAll(async () => {
		nock.disableNetConnect();
		harness = await createEngineHarness({
			packageDir: PACKAGE_DIR,
			nodeType,
			credentialType: 'jusBizApi',
		});
	});
	afterEach(() => nock.cleanAll());
	afterAll(() => nock.enableNetConnect());
	return () => {
		if (!harness) throw new Error('engine harness not ready');
		return harness;
	};
}

/** The JusBiz node's parameters for a virtual-card operation on the item's `id`. */
export const card = (operation: string, parameters: INodeParameters = {}): INodeParameters => ({
	resource: 'virtualCard',
	operation,
	payoutId: '={{ $json.id }}',
	...parameters,
});
