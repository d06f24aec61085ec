import {
	BaseUrlError,
	isSameOrigin,
	resolveBaseUrl,
	SANDBOX_BASE_URL,
} from '../../nodes/JusBiz/transport/baseUrl';

describe('resolveBaseUrl', () => {
	it('uses the sandbox by default and for "sandbox"', () => {
		expect(resolveBaseUrl({})).toBe('https://sandbox.biz.juspay.in');
		expect(resolveBaseUrl({ environment: 'sandbox', hostname: 'ignored' })).toBe(SANDBOX_BASE_URL);
	});

	it.each([
		['indusind', 'https://indusind.biz.juspay.in'],
		['IndusInd', 'https://indusind.biz.juspay.in'],
		['  bank-1  ', 'https://bank-1.biz.juspay.in'],
		['a', 'https://a.biz.juspay.in'],
		['a'.repeat(63), `https://${'a'.repeat(63)}.biz.juspay.in`],
	])('builds the production URL from the hostname %p', (hostname, expected) => {
		expect(resolveBaseUrl({ environment: 'production', hostname })).toBe(expected);
	});

	it.each([
		'',
		'evil.com',
		'evil.com#',
		'bank.evil',
		'bank/..',
		'https://bank',
		'bank:443',
		'-bank',
		'bank-',
		'ba_nk',
		'bank@evil.com',
		'a'.repeat(64),
		'bänk',
	])('refuses the production hostname %p before any request', (hostname) => {
		expect(() => resolveBaseUrl({ environment: 'production', hostname })).toThrow(BaseUrlError);
		expect(() => resolveBaseUrl({ environment: 'production', hostname })).toThrow(/Hostname/);
	});

	it.each([
		['http://127.0.0.1:8787', 'http://127.0.0.1:8787'],
		['http://127.0.0.1:8787/', 'http://127.0.0.1:8787'],
		['https://proxy.example.com', 'https://proxy.example.com'],
		['https://proxy.example.com:443', 'https://proxy.example.com'],
		[' HTTP://LocalHost:9000 ', 'http://localhost:9000'],
	])('accepts the custom base URL %p', (baseUrl, expected) => {
		expect(resolveBaseUrl({ environment: 'custom', baseUrl })).toBe(expected);
	});

	it.each([
		['', /not a valid URL/],
		['127.0.0.1:8787', /http or https|not a valid URL/],
		['ftp://files.example.com', /use http or https/],
		['file:///etc/passwd', /use http or https/],
		['http://user:pass@127.0.0.1', /user name and password/],
		['http://user@127.0.0.1', /user name and password/],
		['http://127.0.0.1/ardra', /remove the path/],
		['http://127.0.0.1/ardra/vt/cvv/v2', /remove the path/],
		['http://127.0.0.1?x=1', /remove the query/],
		['http://127.0.0.1/?', /remove the query/],
		['http://127.0.0.1#frag', /remove the fragment/],
		['http://evil.com\\@127.0.0.1', /remove the path/],
	])('refuses the custom base URL %p', (baseUrl, reason) => {
		expect(() => resolveBaseUrl({ environment: 'custom', baseUrl })).toThrow(BaseUrlError);
		expect(() => resolveBaseUrl({ environment: 'custom', baseUrl })).toThrow(reason);
	});

	it('refuses an unknown environment', () => {
		expect(() => resolveBaseUrl({ environment: 'staging' })).toThrow(/Environment/);
	});
});

describe('isSameOrigin', () => {
	const base = 'https://bank.biz.juspay.in';
	it('accepts relative paths and the same origin', () => {
		expect(isSameOrigin(base, '/ardra/vt/cvv/v2')).toBe(true);
		expect(isSameOrigin(base, 'https://bank.biz.juspay.in/ardra/vt/cvv/v2')).toBe(true);
	});
	it('rejects other hosts, schemes and ports', () => {
		expect(isSameOrigin(base, 'https://evil.com/ardra/vt/cvv/v2')).toBe(false);
		expect(isSameOrigin(base, '//evil.com/x')).toBe(false);
		expect(isSameOrigin(base, 'http://bank.biz.juspay.in/x')).toBe(false);
		expect(isSameOrigin(base, 'https://bank.biz.juspay.in:8443/x')).toBe(false);
	});
});
