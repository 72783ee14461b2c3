import {
	isPlainPath,
	locationHost,
	parseBaseUrl,
	pathOnBase,
	resolveAirudderUrl,
} from '../../nodes/Airudder/transport/url';

const BASE = 'https://api.airudder.com';

describe('resolveAirudderUrl', () => {
	test('puts the path under the Base URL, keeping its own path', () => {
		expect(resolveAirudderUrl(`${BASE}/`, '/service/cloud/auth')).toEqual({
			ok: true,
			url: 'https://api.airudder.com/service/cloud/auth',
			host: 'api.airudder.com',
		});
		expect(resolveAirudderUrl('http://10.0.0.5:8080/airudder//', '/api/v1/x')).toMatchObject({
			ok: true,
			url: 'http://10.0.0.5:8080/airudder/api/v1/x',
		});
	});

	test.each([
		'//evil.example/x',
		'/\\evil.example/x',
		'/%2F%2Fevil.example/x',
		'/\t/evil.example',
		'/@evil.example',
		'/..//..//evil.example',
	])('%j stays on the Base URL host', (path) => {
		const result = resolveAirudderUrl(BASE, path);
		expect(result.ok && new URL(result.url).host).toBe('api.airudder.com');
	});

	test.each(['@evil.example/x', 'http://evil.example/x', 'evil.example', ''])(
		'%j is refused: it does not start with /',
		(path) => {
			expect(resolveAirudderUrl(BASE, path)).toMatchObject({ ok: false });
		},
	);

	test('the Base URL as typed: spaces and trailing slashes do not matter', () => {
		for (const typed of [
			' https://api.airudder.com/p ',
			'https://api.airudder.com/p/',
			'https://api.airudder.com/p//',
			'\thttps://api.airudder.com/p/ ',
		]) {
			expect(parseBaseUrl(typed)?.href).toBe('https://api.airudder.com/p');
		}
		expect(parseBaseUrl('http://10.0.0.5:8080')?.href).toBe('http://10.0.0.5:8080/');
	});

	test.each([
		'',
		'   ',
		'ftp://h',
		'https://user:pw@h',
		'https://user@h',
		'https://:pw@h',
		'https://h/?q=1',
		'https://h/#x',
		'not a url',
		42,
	])('a Base URL %j is refused', (baseUrl) => {
		expect(parseBaseUrl(baseUrl)).toBeUndefined();
		expect(resolveAirudderUrl(baseUrl, '/x')).toMatchObject({
			ok: false,
			reason: expect.stringMatching(/^The Base URL in the AIRudder API credential/),
		});
	});
});

describe('pathOnBase', () => {
	test('the path after the Base URL, for absolute or Base-URL-relative requests', () => {
		expect(pathOnBase(BASE, `${BASE}/api/v1/x`)).toBe('/api/v1/x');
		expect(pathOnBase(`${BASE}/p`, `${BASE}/p/api/v1/x`)).toBe('/api/v1/x');
		expect(pathOnBase(BASE, '/service/cloud/auth', BASE)).toBe('/service/cloud/auth');
	});

	test('a relative request is joined to the request base URL, as an HTTP client does', () => {
		expect(pathOnBase(BASE, 'service/cloud/auth', BASE)).toBe('/service/cloud/auth');
		expect(pathOnBase(`${BASE}/p`, 'x', `${BASE}/p/`)).toBe('/x');
		expect(pathOnBase(`${BASE}/p`, '/x', `${BASE}/p//`)).toBe('/x');
		expect(pathOnBase(`${BASE}/p`, '/api//x', `${BASE}/p`)).toBe('/api//x');
		expect(pathOnBase(BASE, '/a/b', BASE)).toBe('/a/b');
		expect(pathOnBase(BASE, '/a/b')).toBe('/a/b');
	});

	test('an absolute request keeps its own host, whatever the request base URL', () => {
		for (const url of [
			'https://evil.example/x',
			'HTTP://evil.example/x',
			'a1+b-c.d://evil.example/x',
			'//evil.example/x',
			'http://[bad',
		]) {
			expect(pathOnBase(BASE, url, BASE)).toBeUndefined();
		}
		expect(pathOnBase(`${BASE}/p`, `${BASE}/p/x`, 'https://other.example')).toBe('/x');
	});

	test('undefined when the request leaves the Base URL', () => {
		expect(pathOnBase(BASE, 'https://evil.example/api/v1/x')).toBeUndefined();
		expect(pathOnBase(BASE, '//evil.example/x', BASE)).toBeUndefined();
		expect(pathOnBase(BASE, 'http://api.airudder.com/x')).toBeUndefined();
		expect(pathOnBase(`${BASE}/p`, `${BASE}/other/x`)).toBeUndefined();
		expect(pathOnBase('nonsense', `${BASE}/x`)).toBeUndefined();
	});
});

describe('locationHost', () => {
	test('resolves relative and absolute Locations against the request', () => {
		expect(locationHost('https://other.example:8443/x', `${BASE}/a`)).toBe('other.example:8443');
		expect(locationHost('/moved', `${BASE}/a`)).toBe('api.airudder.com');
		expect(locationHost('//other.example/x', `${BASE}/a`)).toBe('other.example');
		expect(locationHost('', `${BASE}/a`)).toBeUndefined();
		expect(locationHost('   ', `${BASE}/a`)).toBeUndefined();
		expect(locationHost(' https://other.example/x ', `${BASE}/a`)).toBe('other.example');
		expect(locationHost(['https://other.example/x'], `${BASE}/a`)).toBeUndefined();
		expect(locationHost(undefined, `${BASE}/a`)).toBeUndefined();
		expect(locationHost('http://[bad', `${BASE}/a`)).toBeUndefined();
	});
});

describe('isPlainPath', () => {
	test.each(['/service/cloud/workflow/taskdetail', '/api/v1/template/send', '/a%2Db', '/x?y=1'])(
		'%j is a plain path',
		(path) => expect(isPlainPath(path)).toBe(true),
	);

	test.each([
		'service/cloud',
		'//evil.example/x',
		'/\\evil.example',
		'/%2Fevil.example',
		'/%5Cevil',
		'/a b',
		'/a%20b',
		'/a\tb',
		'/%0d%0aHost: x',
		'/%E0%A4%A',
		'http://evil.example/x',
		'',
	])('%j is not', (path) => expect(isPlainPath(path)).toBe(false));
});
