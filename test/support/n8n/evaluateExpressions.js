// @ts-check
// Evaluates node parameters with the n8n-workflow of an n8n install, on the expression engine its
// CLI starts, for test/e2e/itemPathExpression.e2e.test.ts. Run it with the install's Node 24:
//
//   node evaluateExpressions.js <path of n8n's bin/n8n>   < input   > output
//
// Input (taggedJson): { items, parameters }. Output (taggedJson): { engine, outcomes }, where
// outcomes[p][i] is { value } or { error } for parameter p on item i, as
// `workflow.expression.getParameterValue` gives it for a node's parameter. It refuses to answer
// rather than fall back to the legacy engine: a comparison against legacy is the engine test's.
'use strict';

const fs = require('fs');
const path = require('path');

const taggedJson = require('../taggedJson.js');

const NODE_NAME = 'Test Source';
const NODE_TYPE = 'n8n-nodes-expression-differential.testSource';

async function main() {
	const n8nBin = process.argv[2];
	if (!n8nBin) throw new Error('usage: evaluateExpressions.js <path of n8n/bin/n8n>');
	// The modules the CLI loads: resolved from the n8n package, as its own `require`s are.
	const n8nPackage = path.dirname(path.dirname(fs.realpathSync(n8nBin)));
	/** @param {string} name */
	const fromN8n = (name) => require(require.resolve(name, { paths: [n8nPackage] }));

	fromN8n('reflect-metadata');
	const { Container } = fromN8n('@n8n/di');
	const { GlobalConfig } = fromN8n('@n8n/config');
	const { Expression, NodeHelpers, Workflow } = fromN8n('n8n-workflow');

	// As `BaseCommand.init` starts it (n8n/dist/commands/base-command.js), from the same config,
	// without the observability provider, which only reports.
	const {
		engine,
		poolSize,
		maxCodeCacheSize,
		bridgeTimeout,
		bridgeMemoryLimit,
		idleTimeout,
		lazyAcquire,
		compileCache,
	} = Container.get(GlobalConfig).expressionEngine;
	await Expression.initExpressionEngine({
		engine,
		poolSize,
		maxCodeCacheSize,
		bridgeTimeout,
		bridgeMemoryLimit,
		idleTimeoutMs: idleTimeout === undefined ? undefined : idleTimeout * 1000,
		lazyAcquire,
		compileCache,
	});
	const active = Expression.getActiveImplementation();
	if (engine !== 'vm' || active !== 'vm') {
		throw new Error(`expected the vm expression engine, got engine=${engine}, active=${active}`);
	}

	const input = /** @type {{ items: object[], parameters: unknown[] }} */ (
		taggedJson.parse(fs.readFileSync(0, 'utf8'))
	);
	const sourceNodeType = {
		description: {
			displayName: 'Test Source',
			name: 'testSource',
			group: ['input'],
			version: 1,
			description: 'Test-only node whose parameters are evaluated',
			defaults: { name: NODE_NAME },
			inputs: [],
			outputs: ['main'],
			properties: [],
		},
	};
	const nodeTypes = {
		getByName: () => sourceNodeType,
		/** @param {string} _type @param {number} [version] */
		getByNameAndVersion: (_type, version) =>
			NodeHelpers.getVersionedNodeType(sourceNodeType, version),
		getKnownTypes: () => ({}),
	};
	const workflow = new Workflow({
		nodes: [
			{
				id: 'n',
				name: NODE_NAME,
				type: NODE_TYPE,
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
		],
		connections: {},
		active: false,
		nodeTypes,
	});
	const inputData = input.items.map((json) => ({ json }));

	// WorkflowExecute holds an isolate for the run; evaluation needs one.
	const outcomes = await workflow.expression.withIsolate(async () =>
		input.parameters.map((parameter) =>
			inputData.map((_item, itemIndex) => {
				try {
					const value = workflow.expression.getParameterValue(
						parameter,
						null,
						0,
						itemIndex,
						NODE_NAME,
						inputData,
						'manual',
						{},
					);
					return { value };
				} catch (error) {
					return { error: error instanceof Error ? error.message : String(error) };
				}
			}),
		),
	);
	await Expression.disposeExpressionEngine();
	process.stdout.write(taggedJson.stringify({ engine: active, outcomes }));
}

main().then(
	() => process.exit(0),
	(error) => {
		process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : error}\n`);
		process.exit(1);
	},
);
