/**
 * Get Security Code: the card's security code (CVV), and its image as binary when asked for. The
 * `JusBiz Get Security Code` node runs this same operation under its own description.
 */

import { PATHS } from '../api/baseUrl';
import { answerField, readCardImage, type Answer } from '../api/decode';
import { JusBizFailure } from '../api/errors';
import type { Operation } from '../api/operation';
import { ask, type ItemCall } from '../api/request';
import { asText } from '../api/values';
import {
	cardImageFields,
	payoutIdField,
	readCardImageChoice,
	virtualCardOptions,
	withCardImage,
} from './shared';

export const getSecurityCode: Operation = {
	resource: 'virtualCard',
	option: {
		name: 'Get Security Code',
		value: 'getSecurityCode',
		description: 'Get the security code (CVV) of a virtual card, and its image',
		action: 'Get the security code of a virtual card',
	},
	properties: [payoutIdField, ...cardImageFields, virtualCardOptions],
	byPayoutId: true,
	cardData: ['securityCode'],
	offeredToTools: false,
	execute: async (call) => {
		const image = readCardImageChoice(call);
		const { answer, securityCode, cardImage } = await requestSecurityCode(call, image.wanted);
		const json = {
			status: answer.status,
			payoutId: answer.payoutId || call.payoutId,
			message: answer.message,
			securityCode,
		};
		return await withCardImage(call, json, cardImage, image.field);
	},
};

export interface SecurityCodeAnswer {
	answer: Answer;
	securityCode: string;
	cardImage?: string;
}

/** `POST /ardra/vt/cvv/v2`: a SUCCESS with a security code, and the image when it was asked for. */
export async function requestSecurityCode(
	call: ItemCall,
	isCardImageRequired: boolean,
): Promise<SecurityCodeAnswer> {
	const body = { payoutId: call.payoutId, isCardImageRequired };
	return readSecurityCode(await ask(call, PATHS.securityCode, body), isCardImageRequired);
}

/** The security code of a decoded answer, and the image when it was asked for. */
export function readSecurityCode(answer: Answer, isCardImageRequired: boolean): SecurityCodeAnswer {
	const securityCode = asText(answerField(answer, 'securityCode'));
	if (securityCode === undefined || securityCode === '') {
		throw new JusBizFailure('body', 'JusBiz answered SUCCESS without a security code', {
			httpCode: answer.statusCode,
		});
	}
	// An image nobody asked for is not passed on.
	const cardImage = isCardImageRequired ? readCardImage(answer, true) : undefined;
	return { answer, securityCode, cardImage };
}
