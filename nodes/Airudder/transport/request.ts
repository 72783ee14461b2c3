import {
	NodeOperationError,
	sleep,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestOptions,
	type IN8nHttpFullResponse,
} from 'n8n-workflow';

import { redactor } from '../helpers/redact';
import { readAnswer } from './answer';
import { missingKey, missingKeyMessage } from './credentialKeys';
import { decide, networkCode, type Outcome, type Progress, type RequestTraits } from './decision';
import { usesChatbotKey, type Endpoint } from './endpoints';
import { airudderError } from './errors';
import { beginTokenRefresh, executionState, slowDown, waitWhilePaused } from './executionState';
import { resolveAirudderUrl } from './url';

const CREDENTIAL = 'airudderApi';
const REQUEST_TIMEOUT_MS = 60_000;

export interface AirudderRequestOptions {
	endpoint: Endpoint;
	body?: IDataObject;
	qs?: IDataObject;
	itemIndex?: number;
	/** API Request's Raw Response option: a 2xx answer that is not a JSON object comes back as text. */
	acceptText?: boolean;
}

/** AIRudder's envelope, already checked: code 200 (or no code at all on a 2xx answer). */
export type AirudderEnvelope = IDataObject & { data?: unknown };

interface Target {
	credentials: ICredentialDataDecryptedObject;
	chatbot: boolean;
	url: string;
}

/**
 * The credential and the address of a request, checked before anything is sent: a key the endpoint needs
 * is missing, or the path leads to a host other than the Base URL's, and the request is refused.
 */
async function checkTarget(
	ctx: IExecuteFunctions,
	options: AirudderRequestOptions,
): Promise<Target> {
	const { endpoint, itemIndex } = options;
	const node = ctx.getNode();
	const credentials = await ctx.getCredentials(CREDENTIAL);
	const chatbot = usesChatbotKey(endpoint.path);
	const missing = missingKey(credentials, chatbot);
	if (missing) {
		throw new NodeOperationError(node, missingKeyMessage(missing), {
			itemIndex,
			description: 'Nothing was sent. Open the AIRudder API credential and fill it in.',
		});
	}
	const target = resolveAirudderUrl(credentials.baseUrl, endpoint.path);
	if (!target.ok) {
		throw new NodeOperationError(node, target.reason, {
			itemIndex,
			description: "Nothing was sent. The credential goes only to the Base URL's host.",
		});
	}
	return { credentials, chatbot, url: target.url };
}

/**
 * One HTTP exchange: never follows a redirect and reads the body as text. Chatbot calls get a view of
 * the credential without token or APP Secret, so n8n never fetches a token for them and cannot send one.
 */
async function sendOnce(
	ctx: IExecuteFunctions,
	options: AirudderRequestOptions,
	target: Target,
	freshToken: boolean,
): Promise<Outcome> {
	const { endpoint, body, qs } = options;
	const { credentials } = target;
	const view: ICredentialDataDecryptedObject = target.chatbot
		? { baseUrl: credentials.baseUrl, chatbotApiKey: credentials.chatbotApiKey }
		: { ...credentials, token: freshToken ? '' : credentials.token };
	const request: IHttpRequestOptions = {
		method: endpoint.method,
		url: target.url,
		headers: {
			'Content-Type': 'application/json',
			Accept: 'application/json',
			'User-Agent': 'Airudder',
		},
		json: true,
		encoding: 'text',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		disableFollowRedirect: true,
		timeout: REQUEST_TIMEOUT_MS,
	};
	if (body !== undefined && endpoint.method !== 'GET') request.body = body;
	if (qs && Object.keys(qs).length > 0) request.qs = qs;
	// view.token is read after the call: n8n stores a token fetched on the way into view.
	const redact = () =>
		redactor([credentials.appSecret, credentials.chatbotApiKey, credentials.token, view.token]);
	try {
		const response = (await ctx.helpers.httpRequestWithAuthentication.call(
			ctx,
			CREDENTIAL,
			request,
			{ credentialsDecrypted: { id: '', name: CREDENTIAL, type: CREDENTIAL, data: view } },
		)) as IN8nHttpFullResponse;
		return { answered: true, answer: readAnswer(response, target.url, redact()) };
	} catch (error) {
		const text = (error as Error)?.message ?? String(error);
		return { answered: false, networkCode: networkCode(error), message: redact()(text) };
	}
}

/** An answer AIRudder accepted: its JSON object, or (with acceptText) the text of a body that is not one. */
export type AirudderAnswer = { envelope: AirudderEnvelope } | { text: string };

/**
 * The one way node code talks to AIRudder: envelope check, errors with hints, one token refresh on
 * rejection (HTTP 401 or body code 10810-10813), retries for reads, slow-down on 429/10705, and never a
 * second create or send when the first may have reached AIRudder (see decision.ts).
 */
export async function airudderRequest(
	this: IExecuteFunctions,
	options: AirudderRequestOptions,
): Promise<AirudderEnvelope> {
	const answer = await airudderAnswer.call(this, { ...options, acceptText: false });
	return 'envelope' in answer ? answer.envelope : { data: answer.text };
}

/** Like airudderRequest; with acceptText a 2xx body that is not a JSON object is returned as text. */
export async function airudderAnswer(
	this: IExecuteFunctions,
	options: AirudderRequestOptions,
): Promise<AirudderAnswer> {
	const state = executionState(this);
	const { endpoint, itemIndex } = options;
	const traits: RequestTraits = {
		retrySafe: endpoint.retrySafe,
		usesToken: !usesChatbotKey(endpoint.path),
		acceptText: options.acceptText === true,
	};
	const progress: Progress = {
		attempts: 0,
		throttledAttempts: 0,
		tokenRefreshed: false,
		freshToken: false,
	};
	for (;;) {
		await waitWhilePaused(state);
		const epoch = state.authEpoch;
		const target = await checkTarget(this, options);
		const endRefresh = progress.freshToken ? beginTokenRefresh(state) : undefined;
		const outcome = await sendOnce(this, options, target, progress.freshToken);
		endRefresh?.();
		const decision = decide(outcome, traits, progress);
		progress.freshToken = false;
		switch (decision.kind) {
			case 'ok': {
				const { envelope, text } = decision.answer;
				return envelope ? { envelope: envelope as AirudderEnvelope } : { text };
			}
			case 'retry':
				progress.attempts = decision.attempts;
				await sleep(decision.delayMs);
				break;
			case 'slowDown':
				progress.throttledAttempts = decision.throttledAttempts;
				slowDown(state, decision.delayMs);
				break;
			case 'refreshToken':
				progress.tokenRefreshed = true;
				// Another request may have fetched a new token meanwhile, or be fetching one now.
				if (state.authEpoch !== epoch) break;
				if (state.refreshing) await state.refreshing;
				else progress.freshToken = true;
				break;
			case 'fail':
				throw airudderError(this.getNode(), {
					...decision.failure,
					endpoint: `${endpoint.method} ${endpoint.path}`,
					itemIndex,
				});
		}
	}
}
