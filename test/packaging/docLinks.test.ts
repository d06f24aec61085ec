import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

// The README is the operator's page and docs/ holds the detail it links to: every relative link in
// them must reach a file of this repository and, with a #fragment, a heading of that file.
const ROOT = join(__dirname, '..', '..');
const PAGES = [
	join(ROOT, 'README.md'),
	...readdirSync(join(ROOT, 'docs'))
		.filter((name) => name.endsWith('.md'))
		.map((name) => join(ROOT, 'docs', name)),
];

/** The text outside fenced code blocks, where a `# comment` is not a heading. */
function prose(markdown: string): string {
	return markdown.replace(/^```[^\n]*\n[\s\S]*?^```$/gm, '');
}

/** GitHub's anchors for a Markdown file's headings, duplicates numbered as GitHub numbers them. */
function anchors(file: string): Set<string> {
	const seen = new Map<string, number>();
	const result = new Set<string>();
	for (const [, heading] of prose(readFileSync(file, 'utf8')).matchAll(/^#{1,6} +(.+?) *#*$/gm)) {
		const base = heading
			.toLowerCase()
			.replace(/[^\p{L}\p{N}\s_-]/gu, '')
			.replace(/\s/g, '-');
		const count = seen.get(base) ?? 0;
		seen.set(base, count + 1);
		result.add(count === 0 ? base : `${base}-${count}`);
	}
	return result;
}

const links = PAGES.flatMap((page) =>
	[...prose(readFileSync(page, 'utf8')).matchAll(/\]\(([^)\s]+)\)/g)]
		.map(([, target]) => target)
		.filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target))
		.map((target) => ({ page: relative(ROOT, page), target })),
);

it('finds the README and the docs pages, and links in them', () => {
	expect(PAGES.length).toBeGreaterThan(1);
	expect(links.length).toBeGreaterThan(20);
});

it.each(links)('$page → $target', ({ page, target }) => {
	const [path, fragment] = target.split('#');
	const file = path ? join(ROOT, dirname(page), decodeURIComponent(path)) : join(ROOT, page);
	expect(relative(ROOT, file).startsWith('..')).toBe(false);
	expect(existsSync(file)).toBe(true);
	if (fragment !== undefined) {
		expect(file.endsWith('.md')).toBe(true);
		expect([...anchors(file)]).toContain(fragment);
	}
});

it('keeps the README under 500 lines, the detail in docs/', () => {
	expect(readFileSync(join(ROOT, 'README.md'), 'utf8').trimEnd().split('\n').length).toBeLessThan(
		500,
	);
});
