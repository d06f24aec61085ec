import { CARD_DATA_FIELDS, forModel } from '../../nodes/JusBiz/helpers/cardData';

describe('forModel: what an AI tool run may output', () => {
	it('drops card data at any depth and under the names JusBiz might add, keeping the last four digits', () => {
		const output = forModel({
			json: {
				status: 'SUCCESS',
				token: '4111 1111 1111 1234',
				expiry: '06/2030',
				nested: { cardNumber: '4111111111111234', CVV: '123', note: 'ok' },
				list: [{ pan: '4111111111111234', state: 'ISSUED' }],
			},
			binary: { data: { data: 'aW1hZ2U=', mimeType: 'image/png' } },
			pairedItem: { item: 3 },
		});
		expect(output).toEqual({
			json: {
				status: 'SUCCESS',
				nested: { note: 'ok' },
				list: [{ state: 'ISSUED' }],
				cardLastFourDigits: '1234',
			},
			pairedItem: { item: 3 },
		});
	});

	it('replaces text shaped like a card number or an expiry, wherever it is', () => {
		const { json } = forModel({
			json: {
				message: 'Card 4111-1111-1111-1234 valid till 06/2030',
				tags: ['4111111111111234'],
				rows: [['4111111111111234', { cvv: '123' }]],
			},
			pairedItem: { item: 0 },
		});
		expect(json).toEqual({
			message: 'Card [card number] valid till [expiry]',
			tags: ['[card number]'],
			rows: [['[card number]', {}]],
		});
	});

	it('keeps last four digits JusBiz gave, and drops every field of the card-data list', () => {
		const { json } = forModel({
			json: { cardLastFourDigits: '9999', token: '4111111111111234', securityCode: '482' },
			pairedItem: { item: 0 },
		});
		expect(json).toEqual({ cardLastFourDigits: '9999' });
	});

	it('drops every name of the one card-data list', () => {
		const json = Object.fromEntries(CARD_DATA_FIELDS.map((name) => [name, 'x']));
		expect(forModel({ json: { ...json, state: 'ISSUED' }, pairedItem: { item: 0 } }).json).toEqual({
			state: 'ISSUED',
		});
	});
});
