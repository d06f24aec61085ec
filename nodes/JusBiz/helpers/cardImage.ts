/**
 * The card image: the API's base64 `cardImage` turned into bytes of the kind they really are, and
 * into the binary field of an operation's output item.
 */

import type { IBinaryData, IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { decodeStrictBase64 } from './base64';
import { JusBizFailure } from './errors';
import { ValidationError } from './validate';
import type { ItemParameters } from './values';

export interface CardImage {
	data: Buffer;
	mimeType: string;
	extension: string;
}

const DATA_URL_PREFIX = /^data:[^,]*;base64,/i;

interface Signature {
	mimeType: string;
	extension: string;
	matches: (bytes: Buffer) => boolean;
}

const startsWith = (bytes: Buffer, prefix: number[], offset = 0): boolean =>
	bytes.length >= offset + prefix.length && prefix.every((byte, i) => bytes[offset + i] === byte);

const ascii = (text: string): number[] => [...text].map((char) => char.charCodeAt(0));

// The API does not document the image format, so the bytes decide the MIME type, not a guess.
const SIGNATURES: Signature[] = [
	{
		mimeType: 'image/png',
		extension: 'png',
		matches: (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
	},
	{ mimeType: 'image/jpeg', extension: 'jpg', matches: (b) => startsWith(b, [0xff, 0xd8, 0xff]) },
	{
		mimeType: 'image/gif',
		extension: 'gif',
		matches: (b) => startsWith(b, ascii('GIF87a')) || startsWith(b, ascii('GIF89a')),
	},
	{
		mimeType: 'image/webp',
		extension: 'webp',
		matches: (b) => startsWith(b, ascii('RIFF')) && startsWith(b, ascii('WEBP'), 8),
	},
	{
		mimeType: 'image/bmp',
		extension: 'bmp',
		matches: (b) => startsWith(b, ascii('BM')) && b.length > 26,
	},
];

export function sniffImageType(bytes: Buffer): Omit<CardImage, 'data'> | undefined {
	const found = SIGNATURES.find((signature) => signature.matches(bytes));
	return found ? { mimeType: found.mimeType, extension: found.extension } : undefined;
}

/** Decodes strictly: a character that is not base64 is an error, never a corrupt file. */
export function decodeCardImage(value: unknown): CardImage {
	if (typeof value !== 'string') {
		throw new JusBizFailure('image', 'The card image in the response is not a base64 string');
	}
	const base64 = value.trim().replace(DATA_URL_PREFIX, '');
	if (base64.length === 0) {
		throw new JusBizFailure('image', 'The card image in the response is empty');
	}
	// Line breaks are rare: look for them only when the plain decoding does not add up.
	const data = decodeStrictBase64(base64) ?? decodeStrictBase64(base64.replace(/\s+/g, ''));
	if (data === undefined) {
		throw new JusBizFailure('image', 'The card image in the response is not valid base64');
	}
	const type = sniffImageType(data);
	if (!type) {
		throw new JusBizFailure(
			'image',
			'The card image in the response is not a PNG, JPEG, GIF, WebP or BMP image',
		);
	}
	return { data, ...type };
}

/** The image as n8n binary data, named `card-<payoutId>.<ext>` with its real MIME type. */
async function cardImageBinary(
	context: IExecuteFunctions,
	base64: string,
	payoutId: string,
): Promise<IBinaryData> {
	const image = decodeCardImage(base64);
	return await context.helpers.prepareBinaryData(
		image.data,
		`card-${payoutId}.${image.extension}`,
		image.mimeType,
	);
}

export interface CardImageChoice {
	wanted: boolean;
	/** The binary field the image goes to; '' when no image is wanted. */
	field: string;
}

/** "Include Card Image" and "Put Image in Field" of one item. */
export function readCardImageChoice(call: ItemParameters): CardImageChoice {
	const { parameters, asTool } = call.runContext;
	const { itemIndex } = call;
	// A card image shows the number, the expiry and the security code: never for a model.
	const wanted = !asTool && parameters.flag('isCardImageRequired', itemIndex);
	const field = wanted ? parameters.text('binaryPropertyName', itemIndex, 'data') : '';
	if (wanted && field === '') throw new ValidationError('"Put Image in Field" is empty');
	return { wanted, field };
}

/** An operation's output item, with the card image as binary when there is one. */
export async function withCardImage(
	call: { context: IExecuteFunctions; itemIndex: number },
	json: IDataObject,
	image: string | undefined,
	binaryPropertyName: string,
): Promise<INodeExecutionData> {
	const output: INodeExecutionData = { json, pairedItem: { item: call.itemIndex } };
	if (image !== undefined) {
		output.binary = {
			[binaryPropertyName]: await cardImageBinary(call.context, image, String(json.payoutId)),
		};
	}
	return output;
}
