import { execFileSync } from 'child_process';
import { readdirSync, readFileSync } from 'fs';
import { dirname, join } from 'path';

import { waitFor } from '../waitFor';

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

/**
 * How an execution ended, from the event log n8n writes in its user folder
 * (`.n8n/n8nEventLog*.log`): `success` or `error`. For a manual run of a workflow that saves no
 * manual executions this is the only record of the outcome: n8n (not in queue mode) marks the
 * execution deleted without writing its final status, so the database still says `running`.
 * The log is written from a worker thread, a moment after the run ends.
 */
export async function loggedOutcome(
	userFolder: string,
	executionId: string,
	timeoutMs = 30_000,
): Promise<'success' | 'error'> {
	const folder = join(userFolder, '.n8n');
	return waitFor(
		`the end of execution ${executionId} in n8n's event log`,
		() => {
			for (const file of readdirSync(folder).filter((f) => /^n8nEventLog(-\d+)?\.log$/.test(f))) {
				for (const line of readFileSync(join(folder, file), 'utf8').split('\n')) {
					if (!line.includes(`"executionId":"${executionId}"`)) continue;
					// The writer may be part-way through a line.
					const eventName = /"eventName":"(n8n\.workflow\.\w+)"/.exec(line)?.[1];
					if (eventName === 'n8n.workflow.success') return 'success';
					if (eventName === 'n8n.workflow.failed') return 'error';
				}
			}
			return undefined;
		},
		timeoutMs,
	);
}
