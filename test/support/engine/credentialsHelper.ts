import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialType,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeProperties,
	IRequestOptionsSimplified,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { ICredentialsHelper } from 'n8n-workflow';

/** What the credentials helper handed to the HTTP client, after authentication was applied. */
export interface AuthenticatedRequest {
	credentialType: string;
	method?: string;
	url: string;
	headers: Record<string, unknown>;
	qs: Record<string, unknown>;
	body: unknown;
	auth?: { username?: string; password?: string };
}

export interface HarnessCredentialsHelperArgs {
	credentialTypes: Record<string, ICredentialType>;
	/** credential type name → decrypted data the run may use */
	credentials: Record<string, ICredentialDataDecryptedObject>;
	onAuthenticated: (request: AuthenticatedRequest) => void;
}

/**
 * Stands in for the CLI's database-backed CredentialsHelper: it applies the credential's
 * `authenticate` as the CLI does, so tests see the headers the credential really produces.
 */
export class HarnessCredentialsHelper extends ICredentialsHelper {
	constructor(private readonly args: HarnessCredentialsHelperArgs) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(credentialType: string, nodeType: string): boolean {
		const definition = this.args.credentialTypes[credentialType];
		if (definition?.restrictToSupportedNodes !== true) return true;
		// The loader records short node names; the engine asks with `<package>.<node>`.
		return (definition.supportedNodes ?? []).some(
			(name) => nodeType === name || nodeType.endsWith(`.${name}`),
		);
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
	): Promise<IHttpRequestOptions> {
		const authenticated = await this.applyAuthenticate(credentials, typeName, requestOptions);
		this.args.onAuthenticated(snapshotRequest(typeName, authenticated));
		return authenticated;
	}

	/**
	 * The package's credential authenticates with a function, which n8n calls as is; a generic
	 * `authenticate` object (evaluated by the CLI's own helper) is not emulated here.
	 */
	private async applyAuthenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
	): Promise<IHttpRequestOptions> {
		const { authenticate } = this.getCredentialType(typeName);
		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions as IHttpRequestOptions);
		}
		if (authenticate !== undefined) {
			throw new Error(`The engine harness applies only function-form authenticate (${typeName})`);
		}
		return requestOptions as IHttpRequestOptions;
	}

	async preAuthentication(
		_helpers: IHttpRequestHelper,
		_credentials: ICredentialDataDecryptedObject,
		_typeName: string,
		_node: INode,
		_credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async runPreAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async getCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentials> {
		throw new Error(
			`The engine harness keeps no stored credentials (asked for "${type}" "${nodeCredentials.name}")`,
		);
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const data = this.args.credentials[type];
		if (data === undefined) {
			throw new Error(`The engine harness was given no credentials of type "${type}"`);
		}
		// The engine merges pre-authentication output into this object; keep the caller's intact.
		return { ...data };
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.getCredentialType(type).properties;
	}

	private getCredentialType(type: string): ICredentialType {
		const definition = this.args.credentialTypes[type];
		if (definition === undefined) {
			throw new Error(`Unknown credential type "${type}" in the engine harness`);
		}
		return definition;
	}
}

function snapshotRequest(
	credentialType: string,
	options: IHttpRequestOptions,
): AuthenticatedRequest {
	return {
		credentialType,
		method: options.method,
		url: options.url,
		headers: { ...options.headers },
		qs: { ...options.qs },
		body: structuredCloneOrSelf(options.body),
		auth: options.auth ? { ...options.auth } : undefined,
	};
}

function structuredCloneOrSelf(value: unknown): unknown {
	try {
		return structuredClone(value);
	} catch {
		// Streams and form-data bodies cannot be cloned; the reference is still walkable text.
		return value;
	}
}
