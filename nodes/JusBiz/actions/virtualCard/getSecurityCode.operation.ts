/**
 * Get Security Code: the card's security code (CVV), and its image as binary when asked for. The
 * `JusBiz Get Security Code` node runs this same operation under its own description.
 */

import { cardImageFields, payoutIdField, requestOptions } from '../common.descriptions';
import { readCardImageChoice, withCardImage } from '../../helpers/cardImage';
import { outputJson } from '../../transport/answerFields';
import { requestSecurityCode } from '../../transport/endpoints';
import type { Operation } from '../operation';

export const getSecurityCode: Operation = {
	resource: 'virtualCard',
	option: {
		name: 'Get Security Code',
		value: 'getSecurityCode',
		description: 'Get the security code (CVV) of a virtual card, and its image',
		action: 'Get the security code of a virtual card',
	},
	properties: [payoutIdField, ...cardImageFields, requestOptions],
	byPayoutId: true,
	offeredToTools: false,
	execute: async (call) => {
		const image = readCardImageChoice(call);
		const { answer, securityCode, cardImage } = await requestSecurityCode(call, image.wanted);
		const json = outputJson(answer, call.payoutId, { securityCode });
		return await withCardImage(call, json, cardImage, image.field);
	},
};
