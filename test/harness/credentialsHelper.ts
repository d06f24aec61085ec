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
	Workflow,
} from 'n8n-workflow';
import { ICredentialsHelper, isExpression } from 'n8n-workflow';

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
 * Stands in for the CLI's database-backed CredentialsHelper. `authenticate` mirrors the CLI's
 * behaviour, because a credential's generic `authenticate` object is applied there, not in
 * n8n-core: without it a test would never see the headers the credential really produces.
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
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const authenticated = await this.applyAuthenticate(
			credentials,
			typeName,
			requestOptions,
			workflow,
			node,
		);
		this.args.onAuthenticated(snapshotRequest(typeName, authenticated));
		return authenticated;
	}

	private async applyAuthenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const { authenticate } = this.getCredentialType(typeName);
		if (authenticate === undefined) return requestOptions as IHttpRequestOptions;
		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions as IHttpRequestOptions);
		}
		if (workflow === undefined || node === undefined) {
			throw new Error('Workflow and node are required for declarative credential authentication');
		}
		requestOptions.headers ??= {};
		if (authenticate.type !== 'generic') return requestOptions as IHttpRequestOptions;

		// Like the CLI: keys and values may both be expressions, resolved against the credentials,
		// and written into the request's headers / qs / body / auth in place.
		const target = requestOptions as unknown as Record<string, Record<string, unknown>>;
		const resolve = (value: string): string => {
			if (!isExpression(value)) return value;
			const resolved = workflow.expression.getSimpleParameterValue(
				node,
				value,
				'internal',
				{ $credentials: credentials },
				undefined,
				'',
			);
			return resolved ? resolved.toString() : '';
		};
		for (const [section, entries] of Object.entries(authenticate.properties)) {
			for (const [key, value] of Object.entries(entries as Record<string, string>)) {
				target[section] ??= {};
				target[section][resolve(key)] = resolve(value);
			}
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
