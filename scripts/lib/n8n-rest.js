// @ts-nocheck
'use strict';
// The REST calls of n8n 2.41's editor that the tests and the dev environment need: the owner, a
// signed-in session, a manual run of a saved workflow as the "Execute workflow" button makes it,
// and the rows of a Data Table. Node's built-ins and fetch only.
//
// Editor (n8n-editor-ui useRunWorkflow.runEntireWorkflow -> workflows.store runWorkflow):
//   POST /rest/workflows/:id/run  { workflowId, startNodes: [], triggerToStartFrom: { name } }
// n8n 2.x's WorkflowsController.runManually ignores any workflowData in the body: it runs the SAVED
// workflow from the database (ManualRunDto: triggerToStartFrom | destinationNode [+ runData]).
// The answer is { data: { executionId } } (or { data: { waitingForWebhook: true } } for webhook,
// form and chat triggers, which this module does not support). The editor then learns the outcome
// from push messages; a test can instead poll GET /rest/executions/:id, whose `data` is a `flatted`
// string (decoded below without the flatted package).

const TERMINAL = new Set(['success', 'error', 'crashed', 'canceled']);

const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One REST call, its body parsed as JSON when it is JSON.
 * @param {string} base e.g. http://127.0.0.1:5678
 * @param {string} path
 * @param {{ method?: string, cookie?: string, body?: unknown }} [options]
 * @returns {Promise<{ status: number, body: any, headers: Headers }>}
 */
async function call(base, path, { method = 'GET', cookie, body } = {}) {
	const headers = {};
	if (cookie) headers.cookie = cookie;
	if (body !== undefined) headers['Content-Type'] = 'application/json';
	const response = await fetch(`${base}${path}`, {
		method,
		headers,
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	let parsed;
	try {
		parsed = JSON.parse(text);
	} catch {
		parsed = text;
	}
	return { status: response.status, body: parsed, headers: response.headers };
}

/**
 * n8n 2.x creates a shell owner in its first migration; POST /rest/owner/setup gives it an email and
 * password. Returns true if it set the owner up,
 * false if the instance already had one.
 * @param {string} base e.g. http://127.0.0.1:5678
 * @param {{ email: string, password: string, firstName?: string, lastName?: string }} login
 */
async function ensureOwner(base, login) {
	const settings = await call(base, '/rest/settings');
	if (settings.status !== 200) throw new Error(`GET /rest/settings: HTTP ${settings.status}`);
	if (settings.body?.data?.userManagement?.showSetupOnFirstLoad === false) return false;
	const setup = await call(base, '/rest/owner/setup', {
		method: 'POST',
		body: {
			email: login.email,
			firstName: login.firstName ?? 'Test',
			lastName: login.lastName ?? 'Owner',
			password: login.password,
		},
	});
	if (setup.status !== 200) {
		throw new Error(`owner setup failed: HTTP ${setup.status} ${JSON.stringify(setup.body)}`);
	}
	return true;
}

/**
 * @param {string} base
 * @param {{ email: string, password: string }} login
 * @returns {Promise<string>} the `n8n-auth=...` cookie to send back
 */
async function signIn(base, { email, password }) {
	const res = await call(base, '/rest/login', {
		method: 'POST',
		body: { emailOrLdapLoginId: email, password },
	});
	if (res.status !== 200) {
		throw new Error(`sign-in as ${email} failed: HTTP ${res.status} ${JSON.stringify(res.body)}`);
	}
	const cookies = res.headers.getSetCookie?.() ?? [res.headers.get('set-cookie') ?? ''];
	const auth = cookies.map((c) => c.split(';')[0]).filter((c) => c.startsWith('n8n-auth='));
	if (auth.length === 0) throw new Error('sign-in answered 200 without an n8n-auth cookie');
	return auth.join('; ');
}

/**
 * Decodes the `flatted` format n8n stores execution data in, without the flatted package: a JSON
 * array whose first entry is the root; inside objects and arrays every string is the index of the
 * entry holding the real value (numbers, booleans and null stay inline).
 * @param {string} text
 */
function parseFlatted(text) {
	const input = JSON.parse(text);
	if (!Array.isArray(input) || input.length === 0) return input;
	const done = new Set();
	const walk = (obj) => {
		if (done.has(obj)) return obj;
		done.add(obj);
		for (const key of Object.keys(obj)) {
			if (typeof obj[key] !== 'string') continue;
			const target = input[Number(obj[key])];
			obj[key] = target !== null && typeof target === 'object' ? walk(target) : target;
		}
		return obj;
	};
	const root = input[0];
	return root !== null && typeof root === 'object' ? walk(root) : root;
}

/**
 * Starts a manual run of a saved workflow (as the editor's "Execute workflow" button) and waits for
 * it to finish.
 * @param {string} base
 * @param {string} cookie from signIn
 * @param {string} workflowId
 * @param {{ triggerNode?: string, timeoutMs?: number, pollMs?: number }} [options] triggerNode
 *   defaults to the workflow's first enabled Manual Trigger. (The editor's button defaults to its
 *   trigger dropdown's choice, which for Manual + Schedule is the SCHEDULE trigger.)
 * @returns {Promise<{ executionId: string, status: string, data: Record<string, any[]>,
 *   execution: object, error?: object }>} data = resultData.runData: node name -> runs; a run's
 *   output items are run.data.main[outputIndex][i].json
 */
async function runManually(base, cookie, workflowId, options = {}) {
	const { timeoutMs = 60_000, pollMs = 200 } = options;
	// Read the saved workflow first (as the editor does when it opens it): proves the signed-in user
	// may see it and lets us check the trigger. The server itself falls back to another start node
	// when triggerToStartFrom.name matches no node, so an unchecked typo would run the wrong branch.
	const wf = await call(base, `/rest/workflows/${workflowId}`, { cookie });
	if (wf.status !== 200) {
		throw new Error(
			`cannot open workflow ${workflowId}: HTTP ${wf.status} ${JSON.stringify(wf.body)}`,
		);
	}
	const nodes = wf.body.data.nodes;
	const triggerNode =
		options.triggerNode ??
		nodes.find((n) => n.type === 'n8n-nodes-base.manualTrigger' && !n.disabled)?.name;
	if (!triggerNode) throw new Error(`workflow ${workflowId} has no enabled Manual Trigger`);
	const trigger = nodes.find((n) => n.name === triggerNode);
	if (!trigger || trigger.disabled) {
		throw new Error(`workflow ${workflowId} has no enabled node named "${triggerNode}"`);
	}

	const started = await call(base, `/rest/workflows/${workflowId}/run`, {
		method: 'POST',
		cookie,
		body: { workflowId, startNodes: [], triggerToStartFrom: { name: triggerNode } },
	});
	if (started.status !== 200) {
		throw new Error(
			`manual run failed to start: HTTP ${started.status} ${JSON.stringify(started.body)}`,
		);
	}
	const executionId = started.body?.data?.executionId;
	if (!executionId) {
		throw new Error(`manual run did not start an execution: ${JSON.stringify(started.body)}`);
	}

	// A workflow that does not save manual executions (one that holds card data) has its execution
	// deleted when it ends: the row is written before the run route answers, so 404 means ended.
	const unsaved = wf.body.data.settings?.saveManualExecutions === false;
	const deadline = Date.now() + timeoutMs;
	let last;
	for (;;) {
		const res = await call(base, `/rest/executions/${executionId}`, { cookie });
		if (res.status === 200 && res.body?.data) {
			last = res.body.data;
			if (TERMINAL.has(last.status) || (last.finished && last.stoppedAt)) break;
		} else if ((res.status === 404 || (res.status === 200 && !res.body?.data)) && unsaved) {
			// n8n 2.41 answers an execution it no longer has with 200 and an empty object.
			return {
				executionId: String(executionId),
				status: 'unsaved',
				data: {},
				execution: undefined,
			};
		} else if (res.status !== 404 && !(res.status === 200 && !res.body?.data)) {
			throw new Error(
				`GET /rest/executions/${executionId}: HTTP ${res.status} ${JSON.stringify(res.body)}`,
			);
		}
		if (Date.now() > deadline) {
			throw new Error(
				`execution ${executionId} did not finish within ${timeoutMs} ms (status ${last?.status ?? 'unknown'})`,
			);
		}
		await delay(pollMs);
	}

	const full = typeof last.data === 'string' ? parseFlatted(last.data) : last.data;
	return {
		executionId: String(executionId),
		status: last.status,
		data: full?.resultData?.runData ?? {},
		error: full?.resultData?.error,
		execution: { ...last, data: full },
	};
}

/**
 * A Data Table of the signed-in owner's personal project (where CLI-imported workflows live), by
 * its exact name.
 * @param {string} base
 * @param {string} cookie
 * @param {string} name
 * @returns {Promise<{ projectId: string, id: string, columns: Array<{ name: string, type: string }> }>}
 */
async function findDataTable(base, cookie, name) {
	const project = await call(base, '/rest/projects/personal', { cookie });
	if (project.status !== 200)
		throw new Error(`GET /rest/projects/personal: HTTP ${project.status}`);
	const projectId = project.body.data.id;
	const tables = await call(base, `/rest/projects/${projectId}/data-tables`, { cookie });
	if (tables.status !== 200) throw new Error(`GET data-tables: HTTP ${tables.status}`);
	const list = Array.isArray(tables.body.data) ? tables.body.data : tables.body.data.data;
	const table = list.find((t) => t.name === name);
	if (!table) throw new Error(`no Data Table named ${name}`);
	const columns = [...(table.columns ?? [])]
		.sort((a, b) => a.index - b.index)
		.map(({ name: column, type }) => ({ name: column, type }));
	return { projectId, id: table.id, columns };
}

/**
 * @param {string} base
 * @param {string} cookie
 * @param {string} name
 * @param {Array<Record<string, unknown>>} rows
 */
async function insertRows(base, cookie, name, rows) {
	const { projectId, id } = await findDataTable(base, cookie, name);
	const res = await call(base, `/rest/projects/${projectId}/data-tables/${id}/insert`, {
		method: 'POST',
		cookie,
		body: { data: rows, returnType: 'all' },
	});
	if (res.status !== 200)
		throw new Error(`insert into ${name}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
	return res.body.data;
}

/**
 * Every row of a Data Table, oldest first.
 * @param {string} base
 * @param {string} cookie
 * @param {string} name
 * @returns {Promise<Array<Record<string, any>>>}
 */
async function readRows(base, cookie, name) {
	const { projectId, id } = await findDataTable(base, cookie, name);
	const rows = [];
	for (let skip = 0; ; skip += 500) {
		const res = await call(
			base,
			`/rest/projects/${projectId}/data-tables/${id}/rows?take=500&skip=${skip}`,
			{ cookie },
		);
		if (res.status !== 200)
			throw new Error(`rows of ${name}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
		const page = res.body.data.data ?? res.body.data;
		rows.push(...page);
		if (page.length < 500) break;
	}
	return rows.sort((a, b) => a.id - b.id);
}

module.exports = {
	call,
	ensureOwner,
	signIn,
	runManually,
	parseFlatted,
	findDataTable,
	insertRows,
	readRows,
};
