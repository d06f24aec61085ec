'use strict';

/** Generic (declarative) authenticate: n8n resolves these expressions itself at request time. */
class FixtureApi {
	constructor() {
		this.name = 'fixtureApi';
		this.displayName = 'Fixture API';
		this.properties = [
			{
				displayName: 'API Key',
				name: 'apiKey',
				type: 'string',
				typeOptions: { password: true },
				default: '',
			},
		];
		this.authenticate = {
			type: 'generic',
			properties: {
				headers: { 'X-Fixture-Key': '={{$credentials.apiKey}}' },
				qs: { tenant: '={{"t-" + $credentials.apiKey.length}}' },
				auth: { username: '={{$credentials.apiKey}}', password: '' },
			},
		};
	}
}

module.exports = { FixtureApi };
