import { isAuthorized } from '../../nodes/JusBiz/trigger/auth';
import { ENVELOPE_FIELDS, MAX_NOTIFICATION_BYTES } from '../../nodes/JusBiz/trigger/envelope';
import { eventSelected } from '../../nodes/JusBiz/trigger/notificationItem';
import { receiveNotification } from '../../nodes/JusBiz/trigger/receive';

const basic = (login: string) => `Basic ${Buffer.from(login).toString('base64')}`;

describe('isAuthorized', () => {
	it('accepts exactly the configured user name and password', async () => {
		expect(isAuthorized(basic('jusbiz:secret'), 'jusbiz', 'secret')).toBe(true);
		// The password may itself contain colons: only the first one separates.
		expect(isAuthorized(basic('jusbiz:a:b:c'), 'jusbiz', 'a:b:c')).toBe(true);
		expect(
			isAuthorized(`BASIC  ${Buffer.from('jusbiz:secret').toString('base64')}`, 'jusbiz', 'secret'),
		).toBe(true);
	});

	it.each([
		['missing', undefined],
		['empty', ''],
		['wrong password', basic('jusbiz:Secret')],
		['wrong user', basic('Jusbiz:secret')],
		['no colon', basic('jusbizsecret')],
		['user and password swapped', basic('secret:jusbiz')],
		['password prefix', basic('jusbiz:secre')],
		['other scheme', `Bearer ${Buffer.from('jusbiz:secret').toString('base64')}`],
		['not base64', 'Basic ###'],
		['trailing junk', `${basic('jusbiz:secret')} extra`],
	])('refuses %s', (_name, header) => {
		expect(isAuthorized(header, 'jusbiz', 'secret')).toBe(false);
	});
});

describe('eventSelected', () => {
	const all = ['AuthorizationSuccess', 'AuthorizationFailure', 'AuthorizationReversal'];
	it('matches both spellings JusBiz has used', async () => {
		for (const type of ['AuthorizationFailure', 'AUTHORIZATION_FAILURE', 'authorization failure']) {
			expect(eventSelected(type, ['AuthorizationFailure'])).toBe(true);
		}
		expect(eventSelected('AuthorizationSuccess', ['AuthorizationFailure'])).toBe(false);
		expect(eventSelected('AUTHORIZATION_REVERSAL', ['AuthorizationReversal'])).toBe(true);
	});

	it('with every type selected (the default) lets everything through; with none, nothing', async () => {
		expect(eventSelected('SomethingNew', all)).toBe(true);
		expect(eventSelected(undefined, all)).toBe(true);
		expect(eventSelected('SomethingNew', [])).toBe(false);
		expect(eventSelected('AuthorizationFailure', [])).toBe(false);
		expect(eventSelected('SomethingNew', ['AuthorizationSuccess', 'AuthorizationFailure'])).toBe(
			false,
		);
		expect(eventSelected(undefined, ['AuthorizationFailure'])).toBe(false);
	});
});

describe('receiveNotification', () => {
	const credential = { username: 'jusbiz', password: 'secret' };
	const headers = { authorization: basic('jusbiz:secret') };
	const notification = { rqstType: 'AuthorizationFailure', payoutId: 'P1', errMsg: 'Do Not Honor' };

	it('reads the parsed body when the raw bytes are not there', async () => {
		expect(
			await receiveNotification({ headers, body: notification }, credential, [
				'AuthorizationFailure',
			]),
		).toEqual({
			kind: 'accepted',
			notification,
			item: {
				...notification,
				notificationId: expect.stringMatching(/^AuthorizationFailure:P1:sha256-[0-9a-f]{32}$/),
				decline: expect.objectContaining({ reason: 'Do Not Honor', code: 'issuerRejected' }),
			},
		});
		expect(
			await receiveNotification({ headers, body: JSON.stringify(notification) }, credential, [
				'AuthorizationFailure',
			]),
		).toMatchObject({ kind: 'accepted', notification });
	});

	it('looks for the JWE under each documented field, and treats other fields as plain data', async () => {
		expect(ENVELOPE_FIELDS).toEqual([
			'encryptedResponse',
			'encryptedRequest',
			'encryptedData',
			'payload',
			'data',
		]);
		// A plain notification may well have a field called "data": it is not an envelope.
		const withData = { ...notification, data: 'x.y.z', payload: 'eyJ.a.b.c.d' };
		const outcome = await receiveNotification(
			{ headers, rawBody: Buffer.from(JSON.stringify(withData)) },
			credential,
			['AuthorizationFailure'],
		);
		expect(outcome).toMatchObject({ kind: 'accepted', notification: withData });
	});

	it('uses the declared length too, so a lying parser cannot slip a large body through', async () => {
		const outcome = await receiveNotification(
			{
				headers: { ...headers, 'content-length': String(MAX_NOTIFICATION_BYTES + 1) },
				body: notification,
			},
			credential,
			[],
		);
		expect(outcome).toMatchObject({ kind: 'refused', answer: { statusCode: 413 } });
	});

	it('reports a filtered notification with its type', async () => {
		const outcome = await receiveNotification(
			{ headers, rawBody: Buffer.from(JSON.stringify(notification)) },
			credential,
			['AuthorizationSuccess'],
		);
		expect(outcome).toEqual({ kind: 'filtered', rqstType: 'AuthorizationFailure' });
	});
});
