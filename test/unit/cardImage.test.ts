import { decodeCardImage, sniffImageType } from '../../nodes/JusBiz/helpers/cardImage';
import { JusBizFailure } from '../../nodes/JusBiz/helpers/errors';
import { cardGif, cardJpeg, cardPng, cardWebp } from '../support/fixtures';

describe('sniffImageType', () => {
	it.each([
		['PNG', cardPng, 'image/png', 'png'],
		['JPEG', cardJpeg, 'image/jpeg', 'jpg'],
		['GIF', cardGif, 'image/gif', 'gif'],
		['WebP', cardWebp, 'image/webp', 'webp'],
	])('recognises a real %s file by its bytes', (_name, bytes, mimeType, extension) => {
		expect(sniffImageType(bytes)).toEqual({ mimeType, extension });
	});

	it('does not recognise text, a truncated signature or a RIFF that is not WebP', () => {
		expect(sniffImageType(Buffer.from('<html>502 Bad Gateway</html>'))).toBeUndefined();
		expect(sniffImageType(cardPng.subarray(0, 4))).toBeUndefined();
		expect(sniffImageType(Buffer.from('RIFF\0\0\0\0WAVEfmt '))).toBeUndefined();
	});
});

describe('decodeCardImage', () => {
	it('decodes plain base64 to the exact bytes', () => {
		const image = decodeCardImage(cardPng.toString('base64'));
		expect(image.mimeType).toBe('image/png');
		expect(image.data.equals(cardPng)).toBe(true);
	});

	it('tolerates a data: prefix, line breaks and spaces', () => {
		const wrapped = cardJpeg
			.toString('base64')
			.replace(/.{1,76}/g, '$&\r\n')
			.replace(/^/, '  ');
		const image = decodeCardImage(`data:image/jpeg;base64,${wrapped}`);
		expect(image).toMatchObject({ mimeType: 'image/jpeg', extension: 'jpg' });
		expect(image.data.equals(cardJpeg)).toBe(true);
	});

	it('trusts the bytes over a data: prefix that names another type', () => {
		const image = decodeCardImage(`data:image/jpeg;base64,${cardPng.toString('base64')}`);
		expect(image.mimeType).toBe('image/png');
	});

	it('accepts base64url and missing padding', () => {
		const url = cardGif.toString('base64url');
		expect(decodeCardImage(url).data.equals(cardGif)).toBe(true);
	});

	it.each([
		['a number', 42, /not a base64 string/],
		['an empty string', '   ', /empty/],
		[
			'characters outside base64',
			`${cardPng.toString('base64').slice(0, 40)}!!$$`,
			/not valid base64/,
		],
		['a length that cannot be base64', 'AAAAA', /not valid base64/],
		['padding in the middle', 'AA==AAAA', /not valid base64/],
		[
			'bytes that are not an image',
			Buffer.from('hello world, not an image').toString('base64'),
			/not a PNG, JPEG/,
		],
	])('refuses %s instead of writing a corrupt file', (_case, value, message) => {
		expect(() => decodeCardImage(value)).toThrow(JusBizFailure);
		expect(() => decodeCardImage(value)).toThrow(message);
	});
});
