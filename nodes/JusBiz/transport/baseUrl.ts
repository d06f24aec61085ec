/**
 * The one place that turns the credential's environment fields into the API's origin. The node and
 * the credential's `authenticate` both call it, so the API key is only ever sent to a host the
 * operator chose explicitly.
 */

import { asText } from '../helpers/values';
import { PATHS } from './paths';

export const SANDBOX_BASE_URL = 'https://sandbox.biz.juspay.in';
/** The health check has no bank label in production, and takes no authentication. */
const PRODUCTION_HEALTH_BASE_URL = 'https://biz.juspay.in';

// One DNS label, as issued per bank by JusBiz; anything else could point the key at another domain.
const HOSTNAME_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i;

export interface BaseUrlFields {
	environment?: unknown;
	hostname?: unknown;
	baseUrl?: unknown;
}

export class BaseUrlError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'BaseUrlError';
	}
}

function productionBaseUrl(hostnameField: unknown): string {
	const hostname = (asText(hostnameField) ?? '').trim();
	if (!HOSTNAME_LABEL.test(hostname)) {
		throw new BaseUrlError(
			'The JusBiz API credential\'s "Hostname" must be the single name JusBiz issued for your bank ' +
				'(letters, digits and hyphens, for example "indusind"), not a URL or a domain',
		);
	}
	return `https://${hostname.toLowerCase()}.biz.juspay.in`;
}

function customBaseUrl(baseUrlField: unknown): string {
	const raw = (asText(baseUrlField) ?? '').trim();
	const url = URL.canParse(raw) ? new URL(raw) : undefined;
	if (url === undefined) {
		throw new BaseUrlError(
			'The JusBiz API credential\'s "Base URL" is not a valid URL; use the form https://host[:port]',
		);
	}
	const problems: string[] = [];
	if (url.protocol !== 'https:' && url.protocol !== 'http:') problems.push('use http or https');
	if (url.username || url.password) problems.push('remove the user name and password');
	if (url.pathname !== '/' || /^[a-z]+:\/\/[^/]+\/./i.test(raw)) problems.push('remove the path');
	if (url.search || raw.includes('?')) problems.push('remove the query');
	if (url.hash || raw.includes('#')) problems.push('remove the fragment');
	if (problems.length > 0) {
		throw new BaseUrlError(
			`The JusBiz API credential's "Base URL" must be only a scheme, host and optional port: ${problems.join(', ')}`,
		);
	}
	return url.origin;
}

/** Returns the API origin (no trailing slash) or throws a BaseUrlError that names the bad field. */
export function resolveBaseUrl(fields: BaseUrlFields): string {
	const environment = fields.environment ?? 'sandbox';
	switch (environment) {
		case 'sandbox':
			return SANDBOX_BASE_URL;
		case 'production':
			return productionBaseUrl(fields.hostname);
		case 'custom':
			return customBaseUrl(fields.baseUrl);
		default:
			throw new BaseUrlError(
				'The JusBiz API credential\'s "Environment" must be Sandbox, Production or Custom',
			);
	}
}

/** Where the unauthenticated health check goes: the same rules, except production's own host. */
export function resolveHealthUrl(fields: BaseUrlFields): string {
	const base =
		(fields.environment ?? 'sandbox') === 'production'
			? PRODUCTION_HEALTH_BASE_URL
			: resolveBaseUrl(fields);
	return `${base}${PATHS.health}`;
}

/** True when `target` (absolute, or relative to `baseUrl`) stays on the configured origin. */
export function isSameOrigin(baseUrl: string, target: string): boolean {
	try {
		return new URL(target, baseUrl).origin === new URL(baseUrl).origin;
	} catch {
		return false;
	}
}
