import type { INodeProperties } from 'n8n-workflow';

export const systemOperations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['system'] } },
	default: 'checkHealth',
	options: [
		{
			name: 'Check Health',
			value: 'checkHealth',
			description: 'Ask JusBiz whether its API is up (no credentials are sent)',
			action: 'Check the health of the API',
		},
	],
};
