// Refuses to release a tag that is not exactly `v` + package.json's version: a mismatch would
// publish a version nobody tagged, or tag a version that was never published.
// Usage: node scripts/check-release-tag.mjs v0.1.0   (in GitHub Actions the tag defaults to
// GITHUB_REF_NAME, the pushed tag's name).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const tag = process.argv[2] ?? process.env.GITHUB_REF_NAME;
const { version } = JSON.parse(
	readFileSync(resolve(import.meta.dirname, '..', 'package.json'), 'utf8'),
);

function fail(message) {
	console.error(`check-release-tag: ${message}`);
	process.exit(1);
}

if (!tag) fail('no tag given (usage: node scripts/check-release-tag.mjs vX.Y.Z)');
// The publish workflow's trigger `v*.*.*` also matches `v1.2.3.4` or `v1.0.0-beta.1`; a pre-release
// published without its own dist-tag would become `latest`, what n8n installs, so it is refused.
if (!/^v\d+\.\d+\.\d+$/.test(tag)) {
	fail(`"${tag}" is not a release tag of the form vMAJOR.MINOR.PATCH`);
}
if (tag !== `v${version}`) {
	fail(`tag "${tag}" does not match package.json's version ${version} (expected "v${version}")`);
}
console.log(`check-release-tag: ${tag} matches package.json`);
