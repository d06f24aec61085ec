import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INodeProperties, IWorkflowBase } from 'n8n-workflow';

import { JusBiz } from '../../nodes/JusBiz/JusBiz.node';
import { JusBizGetSecurityCode } from '../../nodes/JusBiz/JusBizGetSecurityCode.node';
import { JusBizTrigger } from '../../nodes/JusBiz/JusBizTrigger.node';
import { OPERATIONS } from '../../nodes/JusBiz/actions/description';
import { redactCardShapes } from '../../nodes/JusBiz/helpers/errors';

// The workflow lint of examples/: what a user imports must name this package's nodes, parameters
// and operations as they are, and give the AI tools the safety the README promises.
const EXAMPLES = join(__dirname, '..', '..', 'examples');
const PACKAGE = 'n8n-nodes-jusbiz.';
const parametersOf = (properties: INodeProperties[]) => new Set(properties.map((p) => p.name));
const DECLARED: Record<string, Set<string>> = {
	jusBiz: parametersOf(new JusBiz().description.properties),
	// n8n adds these two to every tool variant.
	jusBizTool: new Set([
		...parametersOf(new JusBiz().description.properties),
		'descriptionType',
		'toolDescription',
	]),
	jusBizGetSecurityCode: parametersOf(new JusBizGetSecurityCode().description.properties),
	jusBizTrigger: parametersOf(new JusBizTrigger().description.properties),
};
const OFFERED_TO_TOOLS = new Set(
	OPERATIONS.filter((op) => op.offeredToTools).map((op) => op.option.value),
);

const workflows = readdirSync(EXAMPLES)
	.filter((file) => file.endsWith('.workflow.json'))
	.map((file): [string, IWorkflowBase] => [
		file,
		JSON.parse(readFileSync(join(EXAMPLES, file), 'utf8')) as IWorkflowBase,
	]);

describe.each(workflows)('%s', (_file, workflow) => {
	const names = new Set(workflow.nodes.map((node) => node.name));
	const ours = workflow.nodes.filter((node) => node.type.startsWith(PACKAGE));

	it('connects only nodes it has', () => {
		for (const [source, outputs] of Object.entries(workflow.connections)) {
			expect(names).toContain(source);
			for (const connections of Object.values(outputs)) {
				for (const target of (connections ?? []).flat()) expect(names).toContain(target?.node);
			}
		}
	});

	it("uses this package's nodes, versions and parameters as they are", () => {
		for (const node of ours) {
			const type = node.type.slice(PACKAGE.length);
			expect(Object.keys(DECLARED)).toContain(type);
			expect(node.typeVersion).toBe(1);
			for (const parameter of Object.keys(node.parameters)) {
				expect(DECLARED[type]).toContain(parameter);
			}
		}
	});

	it('gives AI tools only offered operations and a ceiling the model cannot fill', () => {
		for (const node of ours.filter((n) => n.type === `${PACKAGE}jusBizTool`)) {
			const { operation, maxOrderAmount } = node.parameters;
			expect(OFFERED_TO_TOOLS).toContain(operation);
			if (operation === 'create' || operation === 'update') {
				expect(typeof maxOrderAmount).toBe('number');
				expect(maxOrderAmount).toBeGreaterThan(0);
			}
		}
	});
});

// Nodes whose output holds a card number, an expiry or a security code. n8n leaves a parameter
// at its default out of the file: the JusBiz node's Resource and Operation default to Virtual
// Card and Create.
const CARD_DATA_NODES = (node: IWorkflowBase['nodes'][number]) =>
	node.type === `${PACKAGE}jusBizGetSecurityCode` ||
	(node.type === `${PACKAGE}jusBiz` &&
		(node.parameters.resource ?? 'virtualCard') === 'virtualCard' &&
		['create', 'update', 'getStatus', 'getSecurityCode'].includes(
			String(node.parameters.operation ?? 'create'),
		));

it('finds the examples whose nodes return card data', () => {
	const holding = workflows.filter(([, w]) => w.nodes.some(CARD_DATA_NODES)).map(([file]) => file);
	expect(holding).toEqual([
		'accounts-payable-pay-invoices.workflow.json',
		'accounts-payable-reconcile.workflow.json',
		'get-security-code.workflow.json',
		'virtual-card-lifecycle.workflow.json',
	]);
	const stripped: IWorkflowBase['nodes'][number] = {
		id: 'a',
		name: 'JusBiz',
		type: `${PACKAGE}jusBiz`,
		typeVersion: 1,
		position: [0, 0],
		parameters: { payoutId: 'INV_1' },
	};
	expect(CARD_DATA_NODES(stripped)).toBe(true);
});

describe.each(workflows)("%s keeps card data out of n8n's storage", (_file, workflow) => {
	it('names credentials by id and name only, never with their data', () => {
		for (const node of workflow.nodes) {
			for (const reference of Object.values(node.credentials ?? {})) {
				expect(Object.keys(reference).sort()).toEqual(['id', 'name']);
			}
		}
	});

	it('pins no card number, expiry or security code', () => {
		const pinned = JSON.stringify(workflow.pinData ?? {});
		expect(redactCardShapes(pinned)).toBe(pinned);
		expect(pinned).not.toMatch(/\d{12,19}/);
		expect(pinned).not.toMatch(/"(securityCode|token|expiry|cvv2?|cvc2?|pan|cardNumber)"/i);
	});

	it('saves no execution data when a node of it returns card data', () => {
		if (!workflow.nodes.some(CARD_DATA_NODES)) return;
		expect(workflow.settings).toMatchObject({
			saveDataSuccessExecution: 'none',
			saveManualExecutions: false,
		});
	});
});

it('the AI Agent example puts every tool that moves money behind human review', () => {
	const [, agent] = workflows.find(([file]) => file === 'ai-agent-with-review.workflow.json')!;
	const moving = agent.nodes.filter(
		(node) =>
			node.type === `${PACKAGE}jusBizTool` &&
			['create', 'update', 'delete'].includes(String(node.parameters.operation)),
	);
	expect(moving.map((node) => node.parameters.operation).sort()).toEqual(['create', 'delete']);
	for (const node of moving) {
		const [[review]] = agent.connections[node.name].ai_tool as Array<Array<{ node: string }>>;
		const reviewer = agent.nodes.find((n) => n.name === review.node)!;
		expect(reviewer.type).toMatch(/HitlTool$/);
		expect(agent.connections[reviewer.name].ai_tool?.[0]?.[0]?.node).toBe('AI Agent');
	}
});
