import type { INodeExecutionData } from 'n8n-workflow';

import { PATHS } from '../baseUrl';
import { cardImageBinary } from '../cardImage';
import { decodeResponse } from '../decodeResponse';
import { postToJusBiz } from '../transport';
import type { ItemCall } from './call';

/** `POST /ardra/vt/cvv/v2`: the security code, and the card image as binary when asked for. */
export async function getSecurityCode(
	item: ItemCall,
	isCardImageRequired: boolean,
	binaryPropertyName: string,
): Promise<INodeExecutionData> {
	const response = await postToJusBiz(
		item.context,
		{ path: PATHS.securityCode, body: { payoutId: item.payoutId, isCardImageRequired } },
		item.transport,
	);
	const decoded = await decodeResponse(
		response,
		{ ...item.run.keys, isCardImageRequired, payoutId: item.payoutId },
		item.run.secrets,
	);
	const payoutId = decoded.payoutId || item.payoutId;
	const output: INodeExecutionData = {
		json: {
			status: decoded.status,
			payoutId,
			message: decoded.message,
			securityCode: decoded.securityCode,
		},
		pairedItem: { item: item.itemIndex },
	};
	if (decoded.cardImage !== undefined && isCardImageRequired) {
		output.binary = {
			[binaryPropertyName]: await cardImageBinary(item.context, decoded.cardImage, payoutId),
		};
	}
	return output;
}
