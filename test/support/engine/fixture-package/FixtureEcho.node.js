'use strict';

const { NodeApiError, NodeOperationError } = require('n8n-workflow');

/**
 * Posts each item to an echo server through httpRequestWithAuthentication and returns what the
 * server saw. Items with `fail: true` throw a NodeOperationError, handled the usual n8n way.
 */
class FixtureEcho {
	constructor() {
		this.description = {
			displayName: 'Fixture Echo',
			name: 'fixtureEcho',
			group: ['transform'],
			version: 1,
			description: 'Test-only node for the engine harness',
			defaults: { name: 'Fixture Echo' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: 'fixtureFnApi', required: true }],
			properties: [
				{
					displayName: 'Authentication',
					name: 'authentication',
					type: 'options',
					options: [{ name: 'Function', value: 'fixtureFnApi' }],
					default: 'fixtureFnApi',
				},
				{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: '' },
				{ displayName: 'Value', name: 'value', type: 'string', default: '' },
				{
					displayName: 'Error Shape',
					name: 'errorShape',
					type: 'options',
					options: [
						{ name: 'JSON Error', value: 'jsonError' },
						{ name: 'Item Error', value: 'itemError' },
						{ name: 'Throw Whole Node', value: 'throw' },
					],
					default: 'jsonError',
				},
				{ displayName: 'Attach Binary', name: 'attachBinary', type: 'boolean', default: false },
			],
		};
	}

	async execute() {
		const items = this.getInputData();
		const authentication = this.getNodeParameter('authentication', 0);
		const errorShape = this.getNodeParameter('errorShape', 0);
		const returnData = [];
		for (let i = 0; i < items.length; i++) {
			try {
				if (items[i].json.fail === true) {
					throw new NodeOperationError(this.getNode(), `Item ${i} asked to fail`, {
						itemIndex: i,
						description: 'fixture failure description',
					});
				}
				const baseUrl = this.getNodeParameter('baseUrl', i);
				const value = this.getNodeParameter('value', i);
				let echo;
				try {
					echo = await this.helpers.httpRequestWithAuthentication.call(this, authentication, {
						method: 'POST',
						url: `${baseUrl}/echo`,
						body: { value },
						json: true,
					});
				} catch (error) {
					throw new NodeApiError(this.getNode(), error, { itemIndex: i });
				}
				this.logger.debug('fixture echo answered', { value, status: 'ok' });
				const item = { json: { value, echo }, pairedItem: { item: i } };
				if (this.getNodeParameter('attachBinary', i)) {
					item.binary = {
						echo: await this.helpers.prepareBinaryData(
							Buffer.from(JSON.stringify(echo), 'utf8'),
							'echo.json',
							'application/json',
						),
					};
				}
				returnData.push(item);
			} catch (error) {
				if (errorShape === 'throw' || !this.continueOnFail()) throw error;
				if (errorShape === 'itemError') {
					returnData.push({ json: items[i].json, error, pairedItem: { item: i } });
				} else {
					returnData.push({ json: { error: error.message }, pairedItem: { item: i } });
				}
			}
		}
		return [returnData];
	}
}

module.exports = { FixtureEcho };
