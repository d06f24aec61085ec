import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * The folder listing of nodes/JusBiz is its architecture: imports run down the layers, operations
 * never reach into each other, and no files import each other in a circle. Read from the source's
 * own import statements, type-only imports included.
 */

const ROOT = join(__dirname, '..', '..');
const NODES = join(ROOT, 'nodes', 'JusBiz');

function sourceFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) return sourceFiles(path);
		return entry.name.endsWith('.ts') ? [path] : [];
	});
}

const FILES = [...sourceFiles(NODES), ...sourceFiles(join(ROOT, 'credentials'))];

/** The project files a file imports, as paths from the repository root. */
function importsOf(file: string): string[] {
	const text = readFileSync(file, 'utf8');
	const specifiers = [...text.matchAll(/(?:from|import|require)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map(
		(match) => match[1],
	);
	return specifiers.map((specifier) => {
		const base = resolve(dirname(file), specifier);
		const target = FILES.find((candidate) => candidate === `${base}.ts` || candidate === base);
		if (!target) throw new Error(`${relative(ROOT, file)} imports ${specifier}, not a source file`);
		return relative(ROOT, target);
	});
}

const GRAPH = new Map(FILES.map((file) => [relative(ROOT, file), importsOf(file)]));

/** The layer of a file: its folder under nodes/JusBiz, a node file, or a credential. */
function layer(path: string): string {
	const inNodes = relative('nodes/JusBiz', path);
	if (inNodes.startsWith('..')) return 'credentials';
	if (inNodes.includes('/')) return inNodes.split('/')[0];
	return inNodes === 'JusBizTrigger.node.ts' ? 'triggerNode' : 'actionNode';
}

// What each layer may import besides itself: always a layer further down.
const MAY_IMPORT: Record<string, string[]> = {
	credentials: ['transport', 'crypto', 'helpers'],
	actionNode: ['actions', 'transport', 'crypto', 'helpers'],
	triggerNode: ['trigger', 'crypto', 'helpers'],
	actions: ['transport', 'crypto', 'helpers'],
	trigger: ['crypto', 'helpers'],
	transport: ['crypto', 'helpers'],
	crypto: ['helpers'],
	helpers: [],
};

it('reads every source file of the nodes and the credentials', () => {
	expect(GRAPH.size).toBeGreaterThan(40);
	expect([...GRAPH.keys()].map(layer).sort()).toEqual(
		expect.arrayContaining(Object.keys(MAY_IMPORT)),
	);
});

it('imports run down the layers', () => {
	const upward = [...GRAPH].flatMap(([from, targets]) =>
		targets
			.filter((to) => layer(to) !== layer(from) && !MAY_IMPORT[layer(from)].includes(layer(to)))
			.map((to) => `${from} → ${to}`),
	);
	expect(upward).toEqual([]);
});

it('no operation imports another operation', () => {
	const across = [...GRAPH].flatMap(([from, targets]) =>
		from.endsWith('.operation.ts')
			? targets.filter((to) => to.endsWith('.operation.ts')).map((to) => `${from} → ${to}`)
			: [],
	);
	expect(across).toEqual([]);
});

it('no files import each other in a circle', () => {
	const done = new Set<string>();
	const cycles: string[] = [];
	const visit = (file: string, path: string[]) => {
		if (path.includes(file)) {
			cycles.push([...path.slice(path.indexOf(file)), file].join(' → '));
			return;
		}
		if (done.has(file)) return;
		for (const target of GRAPH.get(file) ?? []) visit(target, [...path, file]);
		done.add(file);
	};
	for (const file of GRAPH.keys()) visit(file, []);
	expect(cycles).toEqual([]);
});

it('no folder of nodes/JusBiz holds a single file', () => {
	const folders = new Map<string, number>();
	for (const file of GRAPH.keys()) {
		if (layer(file) === 'credentials') continue;
		folders.set(dirname(file), (folders.get(dirname(file)) ?? 0) + 1);
	}
	expect([...folders].filter(([, count]) => count < 2)).toEqual([]);
});
