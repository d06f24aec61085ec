import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';

// What n8n's community-node installer downloads is the npm tarball, not this checkout: these tests
// look at the packed tarball itself (`npm test` builds dist/ before jest runs).
const ROOT = join(__dirname, '..', '..');
const TOP_LEVEL_FILES = ['CHANGELOG.md', 'LICENSE', 'README.md', 'package.json'];

interface PackResult {
	name: string;
	version: string;
	filename: string;
	files: { path: string }[];
}

interface PackageJson {
	name: string;
	license?: string;
	keywords?: string[];
	dependencies?: Record<string, string>;
	peerDependencies?: Record<string, string>;
	n8n?: { nodes?: string[]; credentials?: string[] };
}

let work: string;
let unpacked: string;
let packed: PackResult;
/** file paths inside the tarball, without tar's `package/` prefix, as `tar -tzf` lists them */
let entries: string[];
let manifest: PackageJson;

function npm(args: string[]): string {
	return execFileSync('npm', args, {
		cwd: ROOT,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
	});
}

function sorted(paths: Iterable<string>): string[] {
	return [...paths].sort();
}

function listFiles(dir: string, prefix = ''): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		const relative = prefix ? `${prefix}/${name}` : name;
		return statSync(path).isDirectory() ? listFiles(path, relative) : [relative];
	});
}

beforeAll(() => {
	if (!existsSync(join(ROOT, 'dist'))) {
		throw new Error('dist/ is missing: run `npm run build` first (`npm test` does)');
	}
	work = mkdtempSync(join(tmpdir(), 'jusbiz-tarball-'));
	[packed] = JSON.parse(npm(['pack', '--json', '--pack-destination', work])) as PackResult[];
	const tarball = join(work, packed.filename);
	entries = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
		.split('\n')
		.filter((line) => line !== '' && !line.endsWith('/'))
		.map((line) => line.replace(/^package\//, ''));
	execFileSync('tar', ['-xzf', tarball, '-C', work]);
	unpacked = join(work, 'package');
	manifest = JSON.parse(readFileSync(join(unpacked, 'package.json'), 'utf8')) as PackageJson;
});

afterAll(() => {
	if (work) rmSync(work, { recursive: true, force: true });
});

describe('the npm tarball', () => {
	it("lists the same files in tar's listing as in npm's", () => {
		expect(sorted(entries)).toEqual(sorted(packed.files.map((file) => file.path)));
		expect(sorted(listFiles(unpacked))).toEqual(sorted(entries));
	});

	it('holds only dist/**, README.md, LICENSE, CHANGELOG.md and package.json', () => {
		const stray = entries.filter(
			(path) => !path.startsWith('dist/') && !TOP_LEVEL_FILES.includes(path),
		);
		expect(stray).toEqual([]);
		for (const file of TOP_LEVEL_FILES) expect(entries).toContain(file);
	});

	it("holds every file package.json's n8n section names", () => {
		const named = [...(manifest.n8n?.nodes ?? []), ...(manifest.n8n?.credentials ?? [])];
		expect(manifest.n8n?.nodes?.length).toBeGreaterThan(0);
		expect(manifest.n8n?.credentials?.length).toBeGreaterThan(0);
		for (const file of named) expect(entries).toContain(posix.normalize(file));
	});

	it('ships the light and dark icon next to each node and credential, and the codex', () => {
		const named = [...(manifest.n8n?.nodes ?? []), ...(manifest.n8n?.credentials ?? [])];
		for (const file of named) {
			const dir = posix.dirname(posix.normalize(file));
			const source = readFileSync(join(unpacked, file), 'utf8');
			// n8n resolves `icon: 'file:x.svg'` (or { light, dark }) against the file's own folder.
			const icons = sorted(new Set([...source.matchAll(/file:([\w.-]+)/g)].map((m) => m[1])));
			expect({ file, icons: icons.length }).toEqual({ file, icons: 2 });
			for (const icon of icons) {
				expect(icon).toMatch(/\.svg$/);
				expect(entries).toContain(`${dir}/${icon}`);
			}
		}
		for (const node of manifest.n8n?.nodes ?? []) {
			const codex = posix.normalize(node).replace(/\.js$/, '.json');
			expect(entries).toContain(codex);
			const { node: codexNode } = JSON.parse(readFileSync(join(unpacked, codex), 'utf8')) as {
				node: string;
			};
			expect(codexNode.startsWith(`${manifest.name}.`)).toBe(true);
		}
	});

	it('holds no source maps and no local paths', () => {
		expect(entries.filter((path) => path.endsWith('.map'))).toEqual([]);
		// '/work/' also catches a GitHub runner's checkout (/home/runner/work/...).
		const forbidden = ['sourceMappingURL', '/work/', ROOT];
		const leaks = entries.flatMap((path) => {
			const text = readFileSync(join(unpacked, path), 'latin1');
			return forbidden
				.filter((needle) => text.includes(needle))
				.map((needle) => ({ path, needle }));
		});
		expect(leaks).toEqual([]);
	});

	it('has the package.json n8n and npm expect of a community node', () => {
		expect(manifest.dependencies).toBeUndefined();
		expect(manifest.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		expect(manifest.keywords).toContain('n8n-community-node-package');
		expect(manifest.license).toBe('MIT');
	});

	it("passes n8n's verification lint gate", () => {
		// The scanner is ESM and loads ESLint; a child process keeps both out of jest's CommonJS.
		const script = [
			"import { analyzePackage } from '@n8n/scan-community-package/scanner/scanner.mjs';",
			'const { passed, message, details } = await analyzePackage(process.argv[1]);',
			'process.stdout.write(JSON.stringify({ passed, message, details }));',
		].join('\n');
		const child = spawnSync(process.execPath, ['--input-type=module', '-e', script, unpacked], {
			cwd: ROOT,
			encoding: 'utf8',
		});
		expect(child.stderr).toBe('');
		const result = JSON.parse(child.stdout) as { passed: boolean; message?: string };
		expect(result).toEqual({ passed: true });
	}, 120_000);

	it('is what `npm publish` would upload', () => {
		// No registry login is needed for a dry run; no retries keep it short without a network.
		const published = JSON.parse(
			npm(['publish', '--dry-run', '--json', '--ignore-scripts', '--fetch-retries=0']),
		) as Record<string, PackResult>;
		const result = published[packed.name];
		expect(result.version).toBe(packed.version);
		expect(sorted(result.files.map((file) => file.path))).toEqual(sorted(entries));
	});
});
