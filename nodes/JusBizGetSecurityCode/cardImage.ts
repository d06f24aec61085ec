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

/**
 * Strict base64 decoding: Buffer.from(…, 'base64') silently skips characters it does not know,
 * which would write a corrupt file. Rather than a regular expression over the whole string (the
 * most expensive step for a 30 KB image), the decoded length proves that every character counted.
 */
export function decodeCardImage(value: unknown): CardImage {
	if (typeof value !== 'string') {
		throw new CardImageError('The card image in the response is not a base64 string');
	}
	let base64 = value.trim().replace(DATA_URL_PREFIX, '');
	if (/\s/.test(base64)) base64 = base64.replace(/\s+/g, '');
	if (base64.length === 0) {
		throw new CardImageError('The card image in the response is empty');
	}
	const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
	const unpadded = base64.length - padding;
	const data = Buffer.from(base64, 'base64');
	if (unpadded % 4 === 1 || data.length !== Math.floor((unpadded * 3) / 4)) {
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
