import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { redactor } from '../nodes/Airudder/helpers/redact';
import { notJsonMessage, readAnswer, redirectMessage } from '../nodes/Airudder/transport/answer';
import {
	credentialText,
	missingKey,
	missingKeyMessage,
} from '../nodes/Airudder/transport/credentialKeys';
import { ENDPOINTS, usesChatbotKey } from '../nodes/Airudder/transport/endpoints';
import { credentialCodeMessage } from '../nodes/Airudder/transport/errors';
import {
	INVALID_BASE_URL,
	parseBaseUrl,
	pathOnBase,
	resolveAirudderUrl,
} from '../nodes/Airudder/transport/url';

const NO_KEYS =
	'The credential has no keys: fill in the APP Key and APP Secret (workflow operations), the Chatbot API Key (WhatsApp operations), or all three.';

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
				'AIRudder API address. Change it only for a private deployment or the local simulator. The keys are sent to this host only.',
		},
		{
			displayName: 'APP Key',
			name: 'appKey',
			// The APP Key identifies the account (APP Secret is the secret), so it stays readable.
			type: 'string',
			default: '',
			description:
				'The APP Key that AIRudder issued for your account. Needed for workflow task and call operations.',
		},
		{
			displayName: 'APP Secret',
			name: 'appSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'The APP Secret that AIRudder issued with the APP Key. Needed for workflow task and call operations.',
		},
		{
			displayName: 'Chatbot API Key',
			name: 'chatbotApiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Needed for WhatsApp/chatbot operations: the key AIRudder expects as X-AIRudder-Sign-Key on /api/v1 calls. A credential with only this key works for them.',
		},
		{
			displayName: 'Token',
			name: 'token',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	// n8n calls this when the stored token is empty or was rejected (and when the credential is tested),
	// and stores the result. A credential with only the Chatbot API Key has no token to fetch.
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const appKey = credentialText(credentials, 'appKey');
		const appSecret = credentialText(credentials, 'appSecret');
		if (appKey === '' && appSecret === '') {
			if (credentialText(credentials, 'chatbotApiKey') === '') throw new Error(NO_KEYS);
			return {};
		}
		const missing = missingKey(credentials, false);
		if (missing) throw new Error(missingKeyMessage(missing));
		const target = resolveAirudderUrl(credentials.baseUrl, ENDPOINTS.auth.path);
		if (!target.ok) throw new Error(target.reason);
		const redact = redactor([appSecret]);
		let response: IN8nHttpFullResponse;
		try {
			response = (await this.helpers.httpRequest({
				method: 'POST',
				url: target.url,
				headers: { Accept: 'application/json', 'User-Agent': 'Airudder' },
				body: { APPKey: appKey, APPSecret: appSecret },
				json: true,
				encoding: 'text',
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				disableFollowRedirect: true,
			})) as IN8nHttpFullResponse;
		} catch (error) {
			throw new Error(
				redact(`Could not reach AIRudder at ${target.host}: ${(error as Error).message}`),
			);
		}
		const answer = readAnswer(response, target.url, redact);
		if (answer.status >= 300 && answer.status < 400) throw new Error(redirectMessage(answer));
		const envelope: IDataObject | undefined = answer.envelope;
		if (!envelope && answer.status >= 200 && answer.status < 300) {
			throw new Error(notJsonMessage(answer));
		}
		const code = Number(envelope?.code);
		const token = (envelope?.data as IDataObject | undefined)?.token;
		if (code === 200 && typeof token === 'string' && token !== '') {
			return { token };
		}
		// AIRudder answers auth failures with HTTP 200 and a body code that says which field is wrong.
		const known = credentialCodeMessage(code);
		if (known) throw new Error(known);
		const message =
			typeof envelope?.message === 'string'
				? envelope.message
				: answer.excerpt || 'no token in the answer';
		const shownCode = Number.isNaN(code) ? `HTTP ${answer.status}` : `code ${code}`;
		throw new Error(
			`AIRudder did not issue a token (${shownCode}: ${message}). Check the Base URL, APP Key and APP Secret.`,
		);
	}

	// Only to the Base URL's host: workflow endpoints take the token, chatbot (/api/) endpoints the
	// Chatbot API Key and nothing else.
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const base = parseBaseUrl(credentials.baseUrl);
		if (!base) throw new Error(INVALID_BASE_URL);
		const baseURL = requestOptions.baseURL ?? `${base.origin}${base.pathname.replace(/\/+$/, '')}`;
		const path = pathOnBase(credentials.baseUrl, requestOptions.url, baseURL);
		if (path === undefined) {
			throw new Error(
				`The AIRudder API credential is sent only to ${base.host}: a request to another address was refused`,
			);
		}
		const headers: IDataObject = { ...(requestOptions.headers ?? {}) };
		if (usesChatbotKey(path)) {
			const key = credentialText(credentials, 'chatbotApiKey');
			if (key !== '') headers['X-AIRudder-Sign-Key'] = key;
		} else {
			const token = credentialText(credentials, 'token');
			if (token !== '') headers.Authorization = `Token ${token}`;
		}
		return { ...requestOptions, baseURL, headers };
	}

	// n8n runs preAuthentication first, which checks the APP Key and APP Secret when they are filled in
	// (naming the wrong one). This request then checks the Chatbot API Key when there is one: its body has
	// no receivers, so nothing can be sent, and AIRudder refuses a wrong key with HTTP 401, which n8n
	// reports as "Authorization failed".
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.trim().replace(/\\/+$/, "")}}',
			url: `={{$credentials.chatbotApiKey ? "${ENDPOINTS.sendTemplate.path}" : "${ENDPOINTS.auth.path}"}}`,
			method: 'POST',
			body: '={{ $credentials.chatbotApiKey ? { receivers: [] } : { APPKey: $credentials.appKey, APPSecret: $credentials.appSecret } }}',
		},
	};
}
