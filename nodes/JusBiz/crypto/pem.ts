/**
 * Keys pasted into a text field arrive with CRLF, indentation, JSON-escaped "\n" or even with the
 * newlines collapsed to spaces, so a PEM block is rebuilt from its label and base64 body.
 */
export interface PemBlock {
	label: string;
	/** The block exactly as node's crypto reads it. */
	pem: string;
	/** The text between the BEGIN and END lines, before whitespace was removed (headers included). */
	rawBody: string;
}

/** The first PEM block of the text, or undefined when there is none or its body is not base64. */
export function readPemBlock(text: string): PemBlock | undefined {
	const unescaped = text.replace(/\\r/g, '').replace(/\\n/g, '\n');
	const match = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/.exec(unescaped);
	if (!match) return undefined;
	const [, label, rawBody] = match;
	const body = rawBody.replace(/\s+/g, '');
	if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body)) return { label, rawBody, pem: '' };
	const pem = `-----BEGIN ${label}-----\n${body.replace(/.{1,64}/g, '$&\n')}-----END ${label}-----\n`;
	return { label, rawBody, pem };
}
