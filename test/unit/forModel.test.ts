import { forModel } from '../../nodes/JusBiz/api/forModel';

describe('forModel: what an AI tool run may output', () => {
	const cardData = ['token', 'expiry'];

	it('drops card data at any depth and under the names JusBiz might add, keeping the last four digits', () => {
		const output = forModel(
			{
				json: {
					status: 'SUCCESS',
					token: '4111 1111 1111 1234',
					expiry: '06/2030',
					nested: { cardNumber: '4111111111111234', CVV: '123', note: 'ok' },
					list: [{ pan: '4111111111111234', state: 'ISSUED' }],
				},
				binary: { data: { data: 'aW1hZ2U=', mimeType: 'image/png' } },
				pairedItem: { item: 3 },
			},
			cardData,
		);
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
		const { json } = forModel(
			{
				json: {
					message: 'Card 4111-1111-1111-1234 valid till 06/2030',
					tags: ['4111111111111234'],
					rows: [['4111111111111234', { cvv: '123' }]],
				},
				pairedItem: { item: 0 },
			},
			cardData,
		);
		expect(json).toEqual({
			message: 'Card [card number] valid till [expiry]',
			tags: ['[card number]'],
			rows: [['[card number]', {}]],
		});
	});

	it('keeps last four digits JusBiz gave, and drops the fields an operation names', () => {
		const { json } = forModel(
			{
				json: { cardLastFourDigits: '9999', token: '4111111111111234', securityCode: '482' },
				pairedItem: { item: 0 },
			},
			['securityCode'],
		);
		expect(json).toEqual({ cardLastFourDigits: '9999' });
	});
});
