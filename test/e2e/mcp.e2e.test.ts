import { readFileSync } from 'fs';
import { join } from 'path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

import { cardNumber } from '../simulator/cards';
import { PACKAGE_DIR } from '../support/fixtures';
import { CARD } from '../support/scenarios';
import { waitFor } from '../support/waitFor';
import { startPublishedN8n, type PublishedN8n } from '../support/n8n/publishedN8n';

/* eslint-disable @typescript-eslint/no-require-imports */
const cli =
	require('../../scripts/lib/n8n-cli.js') as typeof import('../../scripts/lib/n8n-cli.js');
const { createSimulator } =
	require('../simulator/server.js') as typeof import('../simulator/server.js');
/* eslint-enable @typescript-eslint/no-require-imports */

// The JusBiz tool served by n8n's MCP Server Trigger from a published workflow under the real
// `n8n start`, called by the reference MCP client over Streamable HTTP, as any MCP client would.
const WORKFLOW = 'jusbizE2eMcpTool';
const EXAMPLE = 'jusbizMcpServer1';

type Simulator = Awaited<ReturnType<typeof createSimulator>>;
let simulator: Simulator;
let n8n: PublishedN8n;
let client: Client;

beforeAll(async () => {
	simulator = await createSimulator();
	n8n = await startPublishedN8n({
		// The second id is the one the workflows of examples/ refer to, so they run here unchanged.
		credentials: ['jusbizSimulator1', 'jusbizDevSim0001'].map((id) => ({
			id,
			name: `JusBiz simulator (${id})`,
			type: 'jusBizApi',
			data: cli.simulatorCredentialData(simulator),
		})),
		workflows: {
			'mcp.json': readFileSync(join(__dirname, 'published', 'mcp-tools.workflow.json'), 'utf8'),
			'example.json': readFileSync(
				join(PACKAGE_DIR, 'examples', 'mcp-server.workflow.json'),
				'utf8',
			),
		},
		publish: [WORKFLOW, EXAMPLE],
	});
	client = await connect('jusbiz-tools');
}, 15 * 60_000);

/** An MCP client on the server of a published workflow; n8n registers it after it reports ready. */
async function connect(path: string): Promise<Client> {
	const url = new URL(`${n8n.base}/mcp/${path}`);
	return await waitFor(
		`the MCP endpoint ${path}`,
		async () => {
			const candidate = new Client({ name: 'jusbiz-e2e', version: '1.0.0' });
			try {
				await candidate.connect(new StreamableHTTPClientTransport(url));
				return candidate;
			} catch {
				return undefined;
			}
		},
		60_000,
	);
}

afterAll(async () => {
	await client?.close();
	await n8n?.close();
	await simulator?.close();
});

/** The text a tool call returns to the client, which is what a model would read. */
async function call(name: string, args: Record<string, unknown>): Promise<string> {
	const result = await client.callTool({ name, arguments: args });
	const content = result.content as Array<{ type: string; text?: string }>;
	return content.map((part) => part.text ?? '').join('\n');
}

/** Nothing in it could pay with a card. */
function expectNoCardData(text: string, payoutId: string) {
	expect(text).not.toContain(cardNumber(payoutId));
	expect(text).not.toMatch(/\b\d{4}[ -]?\d{4}[ -]?\d{4}[ -]?\d{4}\b/);
	expect(text).not.toMatch(/\b(0[1-9]|1[0-2])\/20\d\d\b/);
	expect(text).not.toMatch(/securityCode|"token"|"expiry"/);
}

it('lists the JusBiz tools with the input schemas their $fromAI parameters make', async () => {
	const { tools } = await client.listTools();
	const byName = Object.fromEntries(tools.map((tool) => [tool.name, tool]));
	expect(Object.keys(byName).sort()).toEqual(
		['cancel_card', 'get_card_status', 'issue_card', 'security_code'].sort(),
	);
	expect(byName.issue_card.inputSchema.properties).toHaveProperty('orderAmount');
	expect(byName.issue_card.inputSchema.properties).toHaveProperty('endDate');
	expect(byName.issue_card.inputSchema.properties).not.toHaveProperty('maxOrderAmount');
	expect(byName.get_card_status.inputSchema.properties).toHaveProperty('payoutId');
	expect(byName.issue_card.description).toMatch(/payout ID/);
});

it('answers Get Status from JusBiz with the state and last four digits, and no card data', async () => {
	const text = await call('get_card_status', { payoutId: CARD.partlyRedeemed });
	expect(text).toContain('PARTIALLY_REDEEMED');
	expect(text).toContain(cardNumber(CARD.partlyRedeemed).slice(-4));
	expectNoCardData(text, CARD.partlyRedeemed);
});

it('issues a card within the limit, and refuses one above it without sending anything', async () => {
	const issued = await call('issue_card', {
		payoutId: 'MCP_INV_1',
		orderAmount: 900,
		endDate: '2030-06-30',
	});
	expect(issued).toContain('ISSUED');
	expectNoCardData(issued, 'MCP_INV_1');
	expect(simulator.card('MCP_INV_1')).toMatchObject({ orderAmount: '900' });

	const before = simulator.stats().requests;
	const refused = await call('issue_card', {
		payoutId: 'MCP_INV_2',
		orderAmount: 5000,
		endDate: '2030-06-30',
	});
	expect(refused).toMatch(/above the Max Order Amount of 1000\.00/);
	expect(simulator.stats().requests).toBe(before);
	expect(simulator.card('MCP_INV_2')).toBeUndefined();
});

it('cancels a card', async () => {
	const text = await call('cancel_card', { payoutId: 'MCP_INV_1' });
	expect(text).toContain('isDeleted');
	expect(simulator.card('MCP_INV_1')?.state).toBe('DELETED');
	expectNoCardData(text, 'MCP_INV_1');
});

it('refuses Get Security Code forced in by the workflow file, before any request', async () => {
	const before = simulator.stats().byEndpoint.securityCode ?? 0;
	const text = await call('security_code', { payoutId: CARD.issued });
	expect(text).toMatch(/not offered to AI agents and MCP clients/);
	expect(text).not.toContain('482');
	expect(simulator.stats().byEndpoint.securityCode ?? 0).toBe(before);
});

it('serves the MCP example: Get Status and Cancel, nothing else', async () => {
	const example = await connect('jusbiz');
	try {
		const { tools } = await example.listTools();
		expect(tools.map((tool) => tool.name).sort()).toEqual(['cancel_card', 'get_card_status']);
		const result = await example.callTool({
			name: 'get_card_status',
			arguments: { payoutId: CARD.issued },
		});
		const text = (result.content as Array<{ text?: string }>).map((p) => p.text ?? '').join('');
		expect(text).toContain('"state":"ISSUED"');
		expectNoCardData(text, CARD.issued);
	} finally {
		await example.close();
	}
});

it("keeps the API key and the Authorization value out of n8n's log", () => {
	const log = readFileSync(n8n.logFile, 'utf8');
	const { apiKey } = simulator.credentials;
	expect(log).not.toContain(apiKey);
	expect(log).not.toContain(Buffer.from(`${apiKey}:`).toString('base64'));
	expect(log).not.toContain(cardNumber(CARD.partlyRedeemed));
});
