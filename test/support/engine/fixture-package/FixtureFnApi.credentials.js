'use strict';

/** Function-form authenticate: n8n calls it as is, with the decrypted data and the request. */
class FixtureFnApi {
	constructor() {
		this.name = 'fixtureFnApi';
		this.displayName = 'Fixture Function API';
		this.properties = [
			{
				displayName: 'Token',
				name: 'token',
				type: 'string',
				typeOptions: { password: true },
				default: '',
			},
		];
		this.authenticate = async (credentials, requestOptions) => ({
			...requestOptions,
			headers: {
				...requestOptions.headers,
				Authorization: `Bearer ${credentials.token}`,
				'X-Fixture-Fn': 'yes',
			},
		});
	}
}

module.exports = { FixtureFnApi };
