/**
 * The error messages JusBiz's API page documents, each with what the operator has to fix. The
 * node's errors (as their description) and the JusBiz API credential's Test (as its rules'
 * message) both read this table, so both say the same words.
 */

export interface KnownError {
	/** JusBiz's text exactly as its API page writes it. */
	message: string;
	/** The HTTP status the page documents it with. */
	httpCode: number;
	/** Which credential field or input to fix, and how. */
	fix: string;
}

// The node sends the Authorization and KeyId headers from these fields on every request, so a
// "missing" header means an empty field, or a proxy in between that dropped the header.
export const KNOWN_ERRORS: readonly KnownError[] = [
	{
		message: 'Invalid Key ID passed',
		httpCode: 401,
		fix: 'Set "Key ID" of the JusBiz API credential to the key ID JusBiz showed when the RSA public key was uploaded (Settings › API Settings › Upload New RSA), in the JusBiz dashboard of the environment this credential uses.',
	},
	{
		message: 'Basic Auth & Key ID missing in Headers',
		httpCode: 401,
		fix: 'Fill in "API Key" (Settings › API Settings › Create API Key) and "Key ID" (shown when the RSA public key was uploaded) of the JusBiz API credential. If both are filled, a proxy between n8n and JusBiz removed the Authorization and KeyId headers.',
	},
	{
		message: 'Key ID missing in Headers',
		httpCode: 401,
		fix: 'Fill in "Key ID" of the JusBiz API credential with the key ID JusBiz showed when the RSA public key was uploaded (Settings › API Settings › Upload New RSA). If it is filled, a proxy between n8n and JusBiz removed the KeyId header.',
	},
	{
		message: 'Basic Auth missing in Headers',
		httpCode: 401,
		fix: 'Fill in "API Key" of the JusBiz API credential with the key created under Settings › API Settings › Create API Key. If it is filled, a proxy between n8n and JusBiz removed the Authorization header.',
	},
	{
		message: 'Unauthorised: No key given',
		httpCode: 401,
		fix: 'JusBiz found no API key it accepts: "API Key" of the JusBiz API credential is empty or not a key of this environment. Paste the key created under Settings › API Settings › Create API Key, the key alone (n8n sends it as the Basic auth user name with an empty password).',
	},
	{
		message: 'Validated Expense Data cannot be Empty',
		httpCode: 500,
		fix: 'JusBiz found the card\'s expense data empty. JusBiz documents that "Expense Category ID" (Additional Fields of Create, an ID from the JusBiz dashboard) is required to use the UDF fields, which are the user-defined fields of that expense category: set it, and fill in the UDFs of that category. JusBiz does not say which part it found empty.',
	},
];

// JusBiz's documented messages are short; a longer text is not one of them, and is not searched.
const LONGEST = Math.max(...KNOWN_ERRORS.map((known) => known.message.length)) + 16;

/** Case, runs of spaces and trailing punctuation do not tell JusBiz's messages apart. */
function normalized(text: string): string {
	return text
		.trim()
		.replace(/[\s.!;:,]+$/, '')
		.replace(/\s+/g, ' ')
		.toLowerCase();
}

const BY_TEXT = new Map(KNOWN_ERRORS.map((known) => [normalized(known.message), known]));

/** The documented message JusBiz's text is, or undefined for any other text. */
export function knownError(text: string | undefined): KnownError | undefined {
	if (text === undefined || text.length > LONGEST) return undefined;
	return BY_TEXT.get(normalized(text));
}
