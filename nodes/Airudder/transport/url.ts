/**
 * Where a request may go. The credential is sent only to the Base URL's origin (scheme, host and port):
 * the full URL is built here, and anything that resolves elsewhere is refused before it is sent.
 */
export type UrlResolution =
	| { ok: true; url: string; host: string }
	| { ok: false; reason: string; host?: string };

export const INVALID_BASE_URL =
	'The Base URL in the AIRudder API credential is not an http(s) address without user, query or fragment';

/** The Base URL as a URL, or undefined when it is not a plain http(s) address. */
export function parseBaseUrl(baseUrl: unknown): URL | undefined {
	const text = typeof baseUrl === 'string' ? baseUrl.trim().replace(/\/+$/, '') : '';
	if (text === '') return undefined;
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		return undefined;
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
	if (url.username || url.password || url.search || url.hash) return undefined;
	return url;
}

function basePath(base: URL): string {
	return base.pathname.replace(/\/+$/, '');
}

/** The absolute URL of an AIRudder path (which starts with /) under the Base URL, on the Base URL's origin. */
export function resolveAirudderUrl(baseUrl: unknown, path: string): UrlResolution {
	const base = parseBaseUrl(baseUrl);
	if (!base) {
		return { ok: false, reason: INVALID_BASE_URL };
	}
	if (!path.startsWith('/'))
		return { ok: false, reason: `The path "${path}" does not start with /` };
	let url: URL;
	try {
		url = new URL(`${base.origin}${basePath(base)}${path}`);
	} catch {
		return { ok: false, reason: `The path "${path}" does not form a valid address` };
	}
	if (url.origin !== base.origin) {
		return {
			ok: false,
			host: url.host,
			reason: `The path "${path}" leads to ${url.host}, but the AIRudder credential goes only to ${base.host}`,
		};
	}
	return { ok: true, url: url.href, host: url.host };
}

/** The address an HTTP client builds from url and baseURL (axios's rule: `//host` counts as absolute). */
function requestTarget(url: string, requestBaseUrl?: string): string {
	if (!requestBaseUrl || /^([a-z][a-z\d+\-.]*:)?\/\//i.test(url)) return url;
	return `${requestBaseUrl.replace(/\/?\/$/, '')}/${url.replace(/^\/+/, '')}`;
}

/**
 * The path of an absolute or Base-URL-relative request URL after the Base URL's own path, or undefined
 * when the URL is not on the Base URL's origin.
 */
export function pathOnBase(
	baseUrl: unknown,
	url: string,
	requestBaseUrl?: string,
): string | undefined {
	const base = parseBaseUrl(baseUrl);
	if (!base) return undefined;
	let target: URL;
	try {
		target = new URL(requestTarget(url, requestBaseUrl), base.href);
	} catch {
		return undefined;
	}
	if (target.origin !== base.origin) return undefined;
	const prefix = basePath(base);
	if (prefix !== '' && !target.pathname.startsWith(`${prefix}/`)) return undefined;
	return target.pathname.slice(prefix.length);
}

/** The host a redirect's Location points to, resolved against the request's URL. */
export function locationHost(location: unknown, requestUrl: string): string | undefined {
	if (typeof location !== 'string' || location.trim() === '') return undefined;
	try {
		return new URL(location.trim(), requestUrl).host;
	} catch {
		return undefined;
	}
}

/**
 * Whether a path typed by a user stays a path on the Base URL: starts with one /, no backslash, no
 * whitespace or control characters, also once percent-decoded.
 */
export function isPlainPath(path: string): boolean {
	let decoded = path;
	try {
		decoded = decodeURIComponent(path);
	} catch {
		return false;
	}
	return [path, decoded].every(
		(form) =>
			form.startsWith('/') &&
			!form.startsWith('//') &&
			!form.includes('\\') &&
			!/[\u0000-\u0020\u007f]/.test(form),
	);
}
