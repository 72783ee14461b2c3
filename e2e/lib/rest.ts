/**
 * The few calls of n8n's internal REST API the demo and the suite need: owner setup on a fresh instance, login, and
 * reading what n8n serves its editor with the session cookie.
 */

export interface Login {
	email: string;
	password: string;
	firstName: string;
	lastName: string;
}

const AUTH_COOKIE = 'n8n-auth';

async function call(
	baseUrl: string,
	method: string,
	path: string,
	body?: unknown,
	cookie?: string,
): Promise<{ status: number; json: unknown; authCookie?: string }> {
	const headers: Record<string, string> = {};
	if (body !== undefined) headers['Content-Type'] = 'application/json';
	if (cookie !== undefined) headers.Cookie = cookie;
	const response = await fetch(`${baseUrl}${path}`, {
		method,
		headers,
		body: body === undefined ? undefined : JSON.stringify(body),
		signal: AbortSignal.timeout(30_000),
	});
	const authCookie = response.headers
		.getSetCookie()
		.map((c) => c.split(';')[0])
		.find((c) => c.startsWith(`${AUTH_COOKIE}=`) && c.length > AUTH_COOKIE.length + 1);
	const text = await response.text();
	let json: unknown = text;
	try {
		json = JSON.parse(text);
	} catch {
		// keep the text
	}
	return { status: response.status, json, authCookie };
}

/** Whether the instance still waits for its owner account (`userManagement.showSetupOnFirstLoad`). */
export async function needsOwnerSetup(baseUrl: string): Promise<boolean> {
	const { status, json } = await call(baseUrl, 'GET', '/rest/settings');
	if (status !== 200) throw new Error(`GET /rest/settings answered ${status}`);
	return (
		(json as { data?: { userManagement?: { showSetupOnFirstLoad?: boolean } } }).data
			?.userManagement?.showSetupOnFirstLoad === true
	);
}

/** POST /rest/owner/setup (n8n 1.x): turns the instance's shell owner into a real account. */
export async function setupOwner(baseUrl: string, login: Login): Promise<void> {
	const { status, json } = await call(baseUrl, 'POST', '/rest/owner/setup', login);
	if (status !== 200)
		throw new Error(`owner setup answered ${status}: ${JSON.stringify(json).slice(0, 300)}`);
}

/** POST /rest/login; true when n8n accepts the email and password. */
export async function canLogin(
	baseUrl: string,
	login: Pick<Login, 'email' | 'password'>,
): Promise<boolean> {
	// n8n 1.123 names the field emailOrLdapLoginId; older 1.x versions used email.
	const { status } = await call(baseUrl, 'POST', '/rest/login', {
		emailOrLdapLoginId: login.email,
		email: login.email,
		password: login.password,
	});
	return status === 200;
}

/**
 * A session cookie of the instance owner: sets the owner up on a fresh instance (n8n answers with the cookie),
 * else logs in.
 */
export async function ownerSession(baseUrl: string, login: Login): Promise<string> {
	const setup = await needsOwnerSetup(baseUrl);
	const { status, json, authCookie } = setup
		? await call(baseUrl, 'POST', '/rest/owner/setup', login)
		: await call(baseUrl, 'POST', '/rest/login', {
				emailOrLdapLoginId: login.email,
				email: login.email,
				password: login.password,
			});
	if (status !== 200 || authCookie === undefined) {
		throw new Error(
			`${setup ? 'owner setup' : 'login'} answered ${status}${authCookie ? '' : ' without a session cookie'}: ${JSON.stringify(json).slice(0, 300)}`,
		);
	}
	return authCookie;
}

/** GET with a session cookie (from ownerSession). */
export async function getWithSession(
	baseUrl: string,
	path: string,
	cookie: string,
): Promise<{ status: number; json: unknown }> {
	const { status, json } = await call(baseUrl, 'GET', path, undefined, cookie);
	return { status, json };
}
