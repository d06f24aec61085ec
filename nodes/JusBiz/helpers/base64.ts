/**
 * Strict base64 (either alphabet, optional padding). Buffer.from(…, 'base64') silently skips
 * characters it does not know; the decoded length shows whether it skipped any, which is much
 * cheaper than a regular expression over a 40 KB string. Undefined when the text is not base64.
 */
export function decodeStrictBase64(text: string): Buffer | undefined {
	const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
	const unpadded = text.length - padding;
	const bytes = Buffer.from(text, 'base64');
	return unpadded % 4 === 1 || bytes.length !== Math.floor((unpadded * 3) / 4) ? undefined : bytes;
}
