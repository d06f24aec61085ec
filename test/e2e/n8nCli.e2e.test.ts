import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import type { INodeExecutionData, IRun } from 'n8n-workflow';

import { cardJpeg, cardPng } from '../support/fixtures';
import { startN8nWorld, type N8nWorld } from '../support/n8n/n8nWorld';

let world: N8nWorld;

beforeAll(async () => {
	world = await startN8nWorld();
}, 15 * 60_000);

afterAll(async () => {
	await world?.close();
});

function output(run: IRun | undefined, node: string, index = 0): INodeExecutionData[] {
	const task = run?.data.resultData.runData[node]?.[0];
	return task?.data?.main?.[index] ?? [];
}

it('loads the package installed as a community node and writes the card image to disk', async () => {
	const { code, run, stderr } = await world.execute('e2eImageToDisk01');
	expect({ code, status: run?.status, stderr: code === 0 ? '' : stderr }).toEqual({
		code: 0,
		status: 'success',
		stderr: '',
	});

	const [item] = output(run, 'JusBiz Get Security Code');
	expect(item.json).toEqual({
		status: 'SUCCESS',
		payoutId: 'PAYOUT_PNG_1',
		message: 'Security code fetched successfully',
		securityCode: '119',
	});
	expect(item.binary?.data).toMatchObject({
		mimeType: 'image/png',
		fileName: 'card-PAYOUT_PNG_1.png',
	});

	const written = readFileSync(join(world.outputDir, 'card-PAYOUT_PNG_1.png'));
	expect(written.equals(cardPng)).toBe(true);
});

it('emails the card image as an attachment with its name and MIME type', async () => {
	const before = world.mail.messages.length;
	const { code, run } = await world.execute('e2eEmailCard0001');
	expect(code).toBe(0);
	expect(run?.status).toBe('success');

	expect(world.mail.messages).toHaveLength(before + 1);
	const message = world.mail.messages[before];
	expect(message.subject).toBe('Your card for payout PAYOUT_JPG_1');
	expect(message.attachments).toHaveLength(1);
	const [attachment] = message.attachments;
	expect(attachment.filename).toBe('card-PAYOUT_JPG_1.jpg');
	expect(attachment.contentType).toBe('image/jpeg');
	expect(attachment.content.equals(cardJpeg)).toBe(true);
});

it('sends a failing payout to the error output and keeps the others, in order', async () => {
	const { code, run } = await world.execute('e2eBatchErrorOut');
	expect(code).toBe(0);

	const fetched = output(run, 'JusBiz Get Security Code', 0);
	const failed = output(run, 'JusBiz Get Security Code', 1);
	expect(fetched.map((i) => [i.json.payoutId, i.json.securityCode, i.pairedItem])).toEqual([
		['PAYOUT_PNG_1', '119', { item: 0 }],
		['PAYOUT_JPG_1', '482', { item: 2 }],
		['PAYOUT_PASCAL_1', '305', { item: 4 }],
	]);
	expect(failed.map((i) => [i.json.payoutId, i.json.error, i.pairedItem])).toEqual([
		[
			'UNKNOWN_PAYOUT_9',
			'Item 1 (payout "UNKNOWN_PAYOUT_9"): JusBiz answered HTTP 400: Payout not found',
			{ item: 1 },
		],
		[
			'FAULT_FAILURE_1',
			'Item 3 (payout "FAULT_FAILURE_1"): JusBiz answered status FAILURE: Security code is no longer available',
			{ item: 3 },
		],
	]);
	expect(output(run, 'Fetched')).toHaveLength(3);
	expect(output(run, 'Failed')).toHaveLength(2);
});

it('decrypts compact and JSON-form encrypted responses with the credential private key', async () => {
	const { code, run } = await world.execute('e2eEncryptedResp');
	expect(code).toBe(0);
	const [compact] = output(run, 'Compact JWE');
	const [json] = output(run, 'JSON JWE');
	expect(compact.json).toMatchObject({ payoutId: 'PAYOUT_ENC_COMPACT', securityCode: '611' });
	expect(Buffer.from(compact.binary!.data.data, 'base64').equals(cardPng)).toBe(true);
	expect(json.json).toMatchObject({ payoutId: 'PAYOUT_ENC_JSON', securityCode: '612' });
});

it("verifies answers signed and encrypted as Juspay's own SDK does, and refuses forged ones", async () => {
	world.simulator.reset();
	const { code, run, stdout } = await world.execute('e2eSignedAnswers');
	expect(code).toBe(0);

	const [signed] = output(run, 'Juspay SDK signed');
	expect(signed.json).toEqual({
		status: 'SUCCESS',
		payoutId: 'PAYOUT_ENC_JUSPAY',
		message: 'Security code fetched successfully',
		securityCode: '622',
	});
	expect(Buffer.from(signed.binary!.data.data, 'base64').equals(cardPng)).toBe(true);
	expect(output(run, 'RSA-OAEP label, SHA-256 wrap')[0].json).toMatchObject({
		securityCode: '623',
	});

	expect(output(run, 'Signed by another key')[0].json).toEqual({
		error:
			'Item 0 (payout "PAYOUT_ENC_OTHERSIGN"): The signed response was refused: The signature of the response does not verify with the JusBiz Public Key in the credential',
		payoutId: 'PAYOUT_ENC_OTHERSIGN',
		httpCode: 200,
	});
	expect(output(run, 'Unsigned, verifying')[0].json.error).toMatch(
		/without a signature, but the credential's "JusBiz Public Key" requires one/,
	);
	// Without the public key the same wrongly signed answer is used, unverified.
	expect(output(run, 'Unverified')[0].json).toMatchObject({ securityCode: '624' });
	// The refused answers' codes reach neither an output nor a log line.
	expect(stdout).not.toContain('"625"');
	expect(stdout.match(/"624"/g)).toHaveLength(1);

	expect(world.simulator.stats().merchantIdHeaders).toEqual({
		'x-merchantid': 5,
		'x-merchant-id': 5,
	});
});

it('runs the lifecycle example: create with image, security code, email, status, cancel', async () => {
	world.simulator.reset();
	const before = world.mail.messages.length;
	const { code, run, stderr } = await world.execute('jusbizLifecycle1');
	expect({ code, status: run?.status, stderr: code === 0 ? '' : stderr }).toEqual({
		code: 0,
		status: 'success',
		stderr: '',
	});

	const [created] = output(run, 'Create Card');
	expect(created.json).toMatchObject({
		status: 'SUCCESS',
		payoutId: 'INV_2026_0001',
		state: 'ISSUED',
		payoutAmount: '1250.75',
		currency: 'INR',
		token: expect.stringMatching(/^\d{16}$/),
	});
	expect(created.json.cardImage).toBeUndefined();
	expect(created.binary?.card).toMatchObject({
		mimeType: 'image/png',
		fileName: 'card-INV_2026_0001.png',
	});

	const [code_] = output(run, 'Get Security Code');
	const securityCode = String(code_.json.securityCode);
	expect(securityCode).toMatch(/^\d{3}$/);

	expect(world.mail.messages).toHaveLength(before + 1);
	const mail = world.mail.messages[before];
	expect(JSON.stringify(mail.to)).toContain('accounts@supplier.example');
	expect(mail.subject).toBe('Virtual card for invoice INV_2026_0001');
	expect(mail.text).toContain(`Its security code is ${securityCode}.`);
	expect(mail.text).toContain('1250.75 INR');
	expect(mail.attachments.map((a) => [a.filename, a.contentType])).toEqual([
		['card-INV_2026_0001.png', 'image/png'],
	]);
	expect(mail.attachments[0].content.equals(cardPng)).toBe(true);

	expect(output(run, 'Get Card Status')[0].json).toMatchObject({
		state: 'ISSUED',
		authList: [],
		settlementDetails: [],
	});
	expect(output(run, 'Cancel Card')[0].json).toEqual({
		status: 'SUCCESS',
		payoutId: 'INV_2026_0001',
		message: 'Card deleted successfully',
		isDeleted: true,
	});

	// The simulator's own record: one card, created with the invoice's values, now deleted.
	expect(world.simulator.card('INV_2026_0001')).toMatchObject({
		state: 'DELETED',
		orderAmount: '1250.75',
		cardAlias: 'primary_card',
		rules: { blockPayments: ['ATM', 'XBR'], amountRange: { max: '1250.75' } },
	});
	expect(world.simulator.stats().byEndpoint).toEqual({
		provision: 1,
		securityCode: 1,
		fetchStatus: 1,
		deleteCard: 1,
	});
});

it('fails the run on a wrong API key with the API message and no secret', async () => {
	const { code, run, stdout } = await world.execute('e2eUnauthorized1');
	expect(code).toBe(1);
	const error = run?.data.resultData.error;
	expect(error?.message).toBe(
		'Item 0 (payout "PAYOUT_PNG_1"): JusBiz answered HTTP 401: Unauthorised: No key given',
	);
	expect(stdout).not.toContain('sim_wrong_api_key');
	expect(stdout).not.toContain(Buffer.from('sim_wrong_api_key:').toString('base64'));
});

describe('Create under n8n re-runs and retries, through the real CLI', () => {
	const invoices = (prefix: string, count: number, amountOf = (n: number) => 100 + n) =>
		Array.from({ length: count }, (_, n) => ({
			id: `${prefix}_${String(n).padStart(2, '0')}`,
			amount: amountOf(n),
			until: '2031-03-31',
		}));
	const writeInvoices = (list: Array<{ id: string }>) =>
		writeFileSync(join(world.outputDir, 'invoices.json'), JSON.stringify(list));
	const cardsOf = (prefix: string) =>
		world.simulator.cards().filter((card) => card.payoutId.startsWith(`${prefix}_`));
	const created = (run: IRun | undefined) => output(run, 'Create Card');

	it('(a) the same workflow executed twice: the second run gives back the same cards, recovered', async () => {
		const list = invoices('RERUN', 8);
		writeInvoices(list);
		const first = await world.execute('e2eCreateRerun01');
		expect(first.code).toBe(0);
		expect(created(first.run).map((i) => [i.json.status, i.json.recovered])).toEqual(
			list.map(() => ['SUCCESS', undefined]),
		);

		const second = await world.execute('e2eCreateRerun01');
		expect(second.code).toBe(0);
		expect(
			created(second.run).map((i) => [i.json.payoutId, i.json.status, i.json.recovered]),
		).toEqual(list.map((invoice) => [invoice.id, 'SUCCESS', true]));
		expect(created(second.run).map((i) => i.json.token)).toEqual(
			created(first.run).map((i) => i.json.token),
		);
		expect(cardsOf('RERUN')).toHaveLength(8);
	});

	it('(b) stopped by one bad item, then run again with it fixed: every item succeeds, one card each', async () => {
		// Item 6 has no amount: under "Stop Workflow" the run stops, with some cards made.
		const broken = invoices('FIXED', 10, (n) => (n === 6 ? 0 : 100 + n));
		writeInvoices(broken);
		const stopped = await world.execute('e2eCreateRerun01');
		expect(stopped.code).not.toBe(0);
		expect(stopped.run?.data.resultData.error?.message).toBe(
			'Item 6 (payout "FIXED_06"): "Order Amount" must be more than 0',
		);
		const madeBefore = cardsOf('FIXED').map((card) => card.payoutId);
		expect(madeBefore.length).toBeGreaterThan(0);
		expect(madeBefore).not.toContain('FIXED_06');

		writeInvoices(invoices('FIXED', 10));
		const again = await world.execute('e2eCreateRerun01');
		expect(again.code).toBe(0);
		const items = created(again.run);
		expect(items.map((i) => [i.json.payoutId, i.json.status])).toEqual(
			broken.map((invoice) => [invoice.id, 'SUCCESS']),
		);
		expect(items.filter((i) => i.json.recovered === true).map((i) => i.json.payoutId)).toEqual(
			madeBefore.sort(),
		);
		expect(cardsOf('FIXED')).toHaveLength(10);
		process.stdout.write(
			`re-run after a fix: ${madeBefore.length} of 10 cards made before the stop came back recovered, ${10 - madeBefore.length} were made, 0 failed\n`,
		);
	});

	it('(c) Retry On Fail after a transient fault: the retry recovers what the first try made', async () => {
		// The second payout answers 503 once; with Max Retries 0 the node fails and n8n retries it.
		const list = [
			{ id: 'RETRY_00', amount: 100, until: '2031-03-31' },
			{ id: 'FLAKY1_RETRY_01', amount: 101, until: '2031-03-31' },
			{ id: 'RETRY_02', amount: 102, until: '2031-03-31' },
		];
		writeInvoices(list);
		const { code, run } = await world.execute('e2eCreateRetry02');
		expect(code).toBe(0);
		const items = created(run);
		expect(items.map((i) => [i.json.payoutId, i.json.status])).toEqual(
			list.map((invoice) => [invoice.id, 'SUCCESS']),
		);
		expect(items[0].json.recovered).toBe(true);
		const cards = world.simulator
			.cards()
			.filter((card) => list.some((i) => i.id === card.payoutId));
		expect(cards).toHaveLength(3);
	});
});
