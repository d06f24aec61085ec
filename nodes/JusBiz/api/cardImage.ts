import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';

import { decodeStrictBase64 } from './base64';

/** Turns the API's base64 `cardImage` into bytes and finds out what kind of image they really are. */

export interface CardImage {
	data: Buffer;
	mimeType: string;
	extension: string;
}

export class CardImageError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'CardImageError';
	}
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
		throw new CardImageError('The card image in the response is not a base64 string');
	}
	const base64 = value.trim().replace(DATA_URL_PREFIX, '');
	if (base64.length === 0) {
		throw new CardImageError('The card image in the response is empty');
	}
	// Line breaks are rare: look for them only when the plain decoding does not add up.
	const data = decodeStrictBase64(base64) ?? decodeStrictBase64(base64.replace(/\s+/g, ''));
	if (data === undefined) {
		throw new CardImageError('The card image in the response is not valid base64');
	}
	const type = sniffImageType(data);
	if (!type) {
		throw new CardImageError(
			'The card image in the response is not a PNG, JPEG, GIF, WebP or BMP image',
		);
	}
	return { data, ...type };
}

/** The image as n8n binary data, named `card-<payoutId>.<ext>` with its real MIME type. */
export async function cardImageBinary(
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
