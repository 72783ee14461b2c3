import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

// AIRudder answers auth failures with HTTP 200 and a body code; these say which field is wrong.
const AUTH_FAILURES: Record<number, string> = {
	10301:
		'AIRudder does not know this APP Key (code 10301 invalid app key). Copy the APP Key again from your AIRudder account.',
	10302:
		'The APP Secret does not match the APP Key (code 10302 account verification failed). Copy the APP Secret again.',
	10801:
		'AIRudder rejected the APP Key or APP Secret (code 10801 invalid username or password). Check both fields.',
	10814: 'AIRudder found no user for this APP Key (code 10814 user not found).',
};

export class AirudderApi implements ICredentialType {
	name = 'airudderApi';

	displayName = 'AIRudder API';

	icon: Icon = { light: 'file:airudder.svg', dark: 'file:airudder.dark.svg' };

	documentationUrl =
		'https://github.com/n8n-nodes-airudder/n8n-nodes-airudder?tab=readme-ov-file#credential-setup';

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.airudder.com',
			required: true,
			description:
				'AIRudder API address. Change it only for a private deployment or the local simulator.',
		},
		{
			displayName: 'APP Key',
			name: 'appKey',
			// The APP Key identifies the account (APP Secret is the secret), so it stays readable.
			// eslint-disable-next-line n8n-nodes-base/cred-class-field-type-options-password-missing
			type: 'string',
			default: '',
			required: true,
			description: 'The APP Key that AIRudder issued for your account',
		},
		{
			displayName: 'APP Secret',
			name: 'appSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The APP Secret that AIRudder issued with the APP Key',
		},
		{
			displayName: 'Chatbot API Key',
			name: 'chatbotApiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Only for WhatsApp/chatbot operations: the key AIRudder sends as X-AIRudder-Sign-Key on /api/v1 calls',
		},
		{
			displayName: 'Token',
			name: 'token',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	// n8n calls this when the stored token is empty or was rejected, and stores the result.
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const baseUrl = String(credentials.baseUrl ?? '').replace(/\/+$/, '');
		let answer: IDataObject;
		try {
			answer = (await this.helpers.httpRequest({
				method: 'POST',
				url: `${baseUrl}/service/cloud/auth`,
				body: { APPKey: credentials.appKey, APPSecret: credentials.appSecret },
				json: true,
				ignoreHttpStatusErrors: true,
			})) as IDataObject;
		} catch (error) {
			throw new Error(`Could not reach AIRudder at ${baseUrl}: ${(error as Error).message}`);
		}
		const code = Number(answer?.code);
		const token = (answer?.data as IDataObject | undefined)?.token;
		if (code === 200 && typeof token === 'string' && token !== '') {
			return { token };
		}
		const known = AUTH_FAILURES[code];
		if (known) throw new Error(known);
		const message = typeof answer?.message === 'string' ? answer.message : 'no token in the answer';
		throw new Error(
			`AIRudder did not issue a token (code ${Number.isNaN(code) ? 'none' : code}: ${message}). Check the Base URL, APP Key and APP Secret.`,
		);
	}

	// Workflow endpoints take the token; chatbot (/api/v1) endpoints take the chatbot API key.
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const baseURL = requestOptions.baseURL ?? String(credentials.baseUrl ?? '').replace(/\/+$/, '');
		const headers: IDataObject = { ...(requestOptions.headers ?? {}) };
		const path = requestOptions.url.startsWith('http')
			? new URL(requestOptions.url).pathname
			: requestOptions.url;
		if (path.startsWith('/api/')) {
			if (credentials.chatbotApiKey) headers['X-AIRudder-Sign-Key'] = credentials.chatbotApiKey;
		} else {
			headers.Authorization = `Token ${credentials.token}`;
		}
		return { ...requestOptions, baseURL, headers };
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/service/cloud/auth',
			method: 'POST',
			body: { APPKey: '={{$credentials.appKey}}', APPSecret: '={{$credentials.appSecret}}' },
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: { key: 'code', value: 10301, message: AUTH_FAILURES[10301] },
			},
			{
				type: 'responseSuccessBody',
				properties: { key: 'code', value: 10302, message: AUTH_FAILURES[10302] },
			},
			{
				type: 'responseSuccessBody',
				properties: { key: 'code', value: 10801, message: AUTH_FAILURES[10801] },
			},
		],
	};
}
