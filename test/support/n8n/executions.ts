import { execFileSync } from 'child_process';
import { dirname, join } from 'path';

export interface ExecutionRecord {
	id: number;
	workflowId: string;
	status: string;
	mode: string;
}

/**
 * The executions n8n recorded, read from its own SQLite database with the sqlite3 module n8n ships
 * (built for its Node 24). Read after n8n has stopped, so every execution has been written.
 */
export function readExecutions(
	install: { node24: string; n8nBin: string },
	userFolder: string,
): ExecutionRecord[] {
	const n8nPackage = dirname(dirname(install.n8nBin));
	const script = `
		const sqlite3 = require(require.resolve('sqlite3', { paths: [${JSON.stringify(n8nPackage)}] }));
		const db = new sqlite3.Database(process.argv[1], sqlite3.OPEN_READONLY);
		db.all('SELECT id, workflowId, status, mode FROM execution_entity ORDER BY id', (error, rows) => {
			if (error) { console.error(error.message); process.exit(1); }
			process.stdout.write(JSON.stringify(rows));
			db.close();
		});
	`;
	const output = execFileSync(
		install.node24,
		['-e', script, join(userFolder, '.n8n', 'database.sqlite')],
		{ encoding: 'utf8' },
	);
	return (JSON.parse(output) as ExecutionRecord[]).map((row) => ({ ...row, id: Number(row.id) }));
}
