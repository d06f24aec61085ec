// @ts-check
// Jest's global set-up: the engine tests load the built package from dist/, as n8n does, so a run
// after an edit must not test the last build. When any source file is newer than dist/, or dist/
// is missing, it builds first (`npm run build`, about 10 s); otherwise it costs a directory walk.
'use strict';

const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..', '..');
const SOURCES = ['nodes', 'credentials', 'package.json', 'tsconfig.json', 'tsconfig.build.json'];

/** @param {string} entry @returns {number} the newest modification time below it, 0 if absent */
function newest(entry) {
	let stat;
	try {
		stat = fs.statSync(entry);
	} catch {
		return 0;
	}
	if (!stat.isDirectory()) return stat.mtimeMs;
	let latest = 0;
	for (const name of fs.readdirSync(entry))
		latest = Math.max(latest, newest(path.join(entry, name)));
	return latest;
}

/**
 * @param {string} entry
 * @returns {number} the oldest modification time of a compiled file below it (gulp keeps the icons'
 *   and codex files' own times, so only what tsc wrote tells when the build ran)
 */
function oldest(entry) {
	const stat = fs.statSync(entry);
	if (!stat.isDirectory()) return entry.endsWith('.js') ? stat.mtimeMs : Infinity;
	let earliest = Infinity;
	for (const name of fs.readdirSync(entry))
		earliest = Math.min(earliest, oldest(path.join(entry, name)));
	return earliest;
}

module.exports = function freshBuild() {
	const dist = path.join(ROOT, 'dist');
	const compiled = fs.existsSync(dist) ? oldest(dist) : 0;
	const built = Number.isFinite(compiled) ? compiled : 0;
	const source = Math.max(...SOURCES.map((entry) => newest(path.join(ROOT, entry))));
	if (built >= source) return;
	process.stderr.write('\n[jest] dist/ is older than the source: building it first\n');
	execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
};
