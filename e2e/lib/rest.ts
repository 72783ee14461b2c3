/** The few calls of n8n's internal REST API the demo needs: owner setup on a fresh instance, and login. */

export interface Login {
	email: string;
	password: string;
	firstName: string;
	lastName: string;
}

async function call(
	baseUrl: string,
	method: string,
	path: string,
	body?: unknown,
): Promise<{ status: number; json: unknown }> {
	const response = await fetch(`${baseUrl}${path}`, {
		method,
		headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
		signal: AbortSignal.timeout(30_000),
	});
	const text = await response.text();
	let json: unknown = text;
	try {
		json = JSON.parse(text);
	} catch {
		// keep the text
	}
	return { status: response.status, json };
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
