// @ts-check
'use strict';
/**
 * What the built package shows n8n: every node's and credential's description, as n8n reads it
 * from the classes that package.json lists. Restructuring the source must leave this unchanged;
 * `node scripts/lib/describe-package.js > test/packaging/descriptions.json` records it after a
 * deliberate change, and test/packaging/descriptions.test.ts compares against the record.
 */

const { readFileSync } = require('fs');
const { join } = require('path');

/**
 * @param {string} root the package folder, with dist/ built
 * @returns {{ nodes: Record<string, unknown>, credentials: Record<string, unknown> }}
 */
function describePackage(root) {
	/** @type {{ n8n: { nodes: string[], credentials: string[] } }} */
	const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
	/** @param {string} file @returns {Record<string, unknown>} */
	const instantiate = (file) => {
		/** @type {Record<string, new () => Record<string, unknown>>} */
		const exported = require(join(root, file));
		const [Class] = Object.values(exported).filter((value) => typeof value === 'function');
		return new Class();
	};
	/** @type {Record<string, unknown>} */
	const nodes = {};
	for (const file of manifest.n8n.nodes) {
		const description = /** @type {{ name: string }} */ (instantiate(file).description);
		nodes[description.name] = plain(description);
	}
	/** @type {Record<string, unknown>} */
	const credentials = {};
	for (const file of manifest.n8n.credentials) {
		const credential = instantiate(file);
		credentials[String(credential.name)] = plain({
			...credential,
			authenticate: typeof credential.authenticate,
		});
	}
	return { nodes, credentials };
}

/** JSON's view: functions and undefined members drop out, as they do when n8n serves a type. */
/** @param {unknown} value */
function plain(value) {
	return JSON.parse(JSON.stringify(value));
}

module.exports = { describePackage };

if (require.main === module) {
	process.stdout.write(
		`${JSON.stringify(describePackage(join(__dirname, '..', '..')), null, '\t')}\n`,
	);
}
