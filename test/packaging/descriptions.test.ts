import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describePackage } from '../../scripts/lib/describe-package';

// Workflows store these names, defaults and options: a restructuring of the source must leave what
// n8n reads from the built package exactly as recorded. A deliberate change re-records the file
// (`node scripts/lib/describe-package.js > test/packaging/descriptions.json`) in the same commit.
const ROOT = join(__dirname, '..', '..');

it('shows n8n the recorded nodes and credentials, parameter for parameter', () => {
	const recorded: unknown = JSON.parse(readFileSync(join(__dirname, 'descriptions.json'), 'utf8'));
	expect(describePackage(ROOT)).toEqual(recorded);
});

it('records the public names of the contract', () => {
	const { nodes, credentials } = describePackage(ROOT);
	expect(Object.keys(nodes).sort()).toEqual(['jusBiz', 'jusBizGetSecurityCode', 'jusBizTrigger']);
	expect(Object.keys(credentials).sort()).toEqual(['jusBizApi', 'jusBizWebhookApi']);
	expect(credentials.jusBizWebhookApi).toMatchObject({ displayName: 'JusBiz Webhook API' });
});
