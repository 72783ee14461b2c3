import {
	NodeOperationError,
	sleep,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestOptions,
	type IN8nHttpFullResponse,
} from 'n8n-workflow';

import { redactor, type Redact } from '../helpers/redact';
import { notJsonMessage, readAnswer, redirectMessage, type ReadAnswer } from './answer';
import { missingKey, missingKeyMessage } from './credentialKeys';
import { QUERY_LIMIT_CODE, TOKEN_REJECTED_CODES, usesChatbotKey, type Endpoint } from './endpoints';
import { airudderError } from './errors';
import { resolveAirudderUrl } from './url';

const CREDENTIAL = 'airudderApi';
/** Attempts for a read after 5xx or network errors. */
const MAX_ATTEMPTS = 4;
/** Attempts when AIRudder asks us to slow down (429 or 10705); these never reached processing. */
const MAX_THROTTLED_ATTEMPTS = 8;
const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 30_000;
const REQUEST_TIMEOUT_MS = 60_000;
// The connection was never made, so the request cannot have reached AIRudder.
const NOT_SENT_ERRORS = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);
const NETWORK_ERRORS = new Set([
	...NOT_SENT_ERRORS,
	'ECONNRESET',
	'ETIMEDOUT',
	'ECONNABORTED',
	'EPIPE',
	'ESOCKETTIMEDOUT',
	'EHOSTUNREACH',
	'ENETUNREACH',
]);

// Plain words, because NodeApiError replaces any message that contains a system error code.
const NETWORK_TEXT: Record<string, string> = {
	ECONNREFUSED: 'the connection was refused (is the Base URL right?)',
	ENOTFOUND: 'the host name was not found (is the Base URL right?)',
	EAI_AGAIN: 'the host name could not be looked up right now',
	ECONNRESET: 'the connection was closed before an answer came',
	ETIMEDOUT: 'no answer in time',
	ECONNABORTED: 'no answer in time',
	ESOCKETTIMEDOUT: 'no answer in time',
	EPIPE: 'the connection broke while sending',
	EHOSTUNREACH: 'the host is unreachable',
	ENETUNREACH: 'the network is unreachable',
};

/** Shared by every request of one node execution: token refresh and slow-down are coordinated here. */
export interface ExecutionState {
	authEpoch: number;
	refreshing?: Promise<void>;
	pausedUntil: number;
	/** Lowered when AIRudder throttles us; the item pool reads it. */
	concurrencyLimit: number;
}

const states = new WeakMap<object, ExecutionState>();

export function executionState(ctx: IExecuteFunctions): ExecutionState {
	let state = states.get(ctx);
	if (!state) {
		state = {
			authEpoch: 0,
			pausedUntil: 0,
			concurrencyLimit: Number.POSITIVE_INFINITY,
		};
		states.set(ctx, state);
	}
	return state;
}

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

function backoff(attempt: number): number {
	const exp = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (attempt - 1));
	return Math.round(exp / 2 + Math.random() * (exp / 2));
}

/** AIRudder gave no Retry-After: wait 0.25 s, 0.5 s, 1 s ... up to 8 s. */
function throttleDelay(attempt: number): number {
	return Math.min(8_000, 250 * 2 ** (attempt - 1));
}

function retryAfterMs(headers: IDataObject | undefined): number | undefined {
	const value = headers?.['retry-after'];
	if (value === undefined || value === null || value === '') return undefined;
	const seconds = Number(value);
	if (!Number.isNaN(seconds)) return Math.min(MAX_DELAY_MS, Math.max(0, seconds * 1000));
	const date = Date.parse(String(value));
	return Number.isNaN(date) ? undefined : Math.min(MAX_DELAY_MS, Math.max(0, date - Date.now()));
}

function networkCode(error: unknown): string | undefined {
	const seen = new Set<unknown>();
	let current = error as IDataObject | undefined;
	while (current && typeof current === 'object' && !seen.has(current)) {
		seen.add(current);
		// n8n's NodeApiError keeps the system error code in httpCode and the original texts in messages.
		for (const key of ['code', 'httpCode']) {
			const value = current[key];
			if (typeof value === 'string' && NETWORK_ERRORS.has(value)) return value;
		}
		const texts = Array.isArray(current.messages) ? current.messages.join(' ') : '';
		const message = `${typeof current.message === 'string' ? current.message : ''} ${texts}`;
		const match = [...NETWORK_ERRORS].find((code) => message.includes(code));
		if (match) return match;
		if (/timeout of \d+ms exceeded|socket hang up/i.test(message)) return 'ECONNRESET';
		current = (current.cause ?? current.context) as IDataObject | undefined;
	}
	return undefined;
}

function bodyCode(envelope: IDataObject | undefined): number | undefined {
	if (!envelope) return undefined;
	const code = envelope.code;
	if (code === undefined || code === null || code === '') return undefined;
	const numeric = Number(code);
	return Number.isNaN(numeric) ? undefined : numeric;
}

const MAY_HAVE_REACHED =
	'The request may have reached AIRudder: check in the AIRudder console before running again, so nothing is created or sent twice.';

function endRefresh(state: ExecutionState, done: () => void) {
	state.authEpoch++;
	state.refreshing = undefined;
	done();
}

async function waitWhilePaused(state: ExecutionState) {
	for (;;) {
		const wait = state.pausedUntil - Date.now();
		if (wait <= 0) return;
		await sleep(wait);
	}
}

function slowDown(state: ExecutionState, delayMs: number) {
	state.pausedUntil = Math.max(state.pausedUntil, Date.now() + delayMs);
	const current = Number.isFinite(state.concurrencyLimit) ? state.concurrencyLimit : 8;
	state.concurrencyLimit = Math.max(1, Math.floor(current / 2));
}

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

type Exchange =
	| { answered: true; response: IN8nHttpFullResponse; redact: Redact }
	| { answered: false; error: unknown; message: string };

/**
 * One HTTP exchange: never follows a redirect and reads the body as text. Chatbot calls get a view of
 * the credential without token or APP Secret, so n8n never fetches a token for them and cannot send one.
 */
async function send(
	ctx: IExecuteFunctions,
	options: AirudderRequestOptions,
	target: Target,
	freshToken: boolean,
): Promise<Exchange> {
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
		return { answered: true, response, redact: redact() };
	} catch (error) {
		const text = (error as Error)?.message ?? String(error);
		return { answered: false, error, message: redact()(text) };
	}
}

/** An answer AIRudder accepted: its JSON object, or (with acceptText) the text of a body that is not one. */
export type AirudderAnswer = { envelope: AirudderEnvelope } | { text: string };

/**
 * The one way node code talks to AIRudder: envelope check, errors with hints, one token refresh on
 * rejection (HTTP 401 or body code 10810-10813), retries for reads, slow-down on 429/10705, and never a
 * second create or send when the first may have reached AIRudder.
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
	const node = this.getNode();
	const { endpoint, itemIndex } = options;
	const label = `${endpoint.method} ${endpoint.path}`;
	let attempts = 0;
	let throttledAttempts = 0;
	let tokenRefreshed = false;
	let freshToken = false;

	const usesToken = !usesChatbotKey(endpoint.path);

	for (;;) {
		await waitWhilePaused(state);
		const epoch = state.authEpoch;
		const target = await checkTarget(this, options);
		let refreshDone: (() => void) | undefined;
		if (freshToken) {
			state.refreshing = new Promise<void>((resolve) => (refreshDone = resolve));
		}
		const exchange = await send(this, options, target, freshToken);
		if (!exchange.answered) {
			if (refreshDone) endRefresh(state, refreshDone);
			const { message } = exchange;
			const code = networkCode(exchange.error);
			if (refreshDone && code === undefined) {
				throw airudderError(node, {
					endpoint: label,
					code: 'token',
					message: `AIRudder rejected the token, and getting a new one failed: ${message}`,
					itemIndex,
					plain: true,
				});
			}
			freshToken = false;
			if (code === undefined) {
				throw airudderError(node, {
					endpoint: label,
					code: 'request',
					message,
					itemIndex,
					plain: true,
				});
			}
			const mayRetry = endpoint.retrySafe || NOT_SENT_ERRORS.has(code);
			if (mayRetry && ++attempts < MAX_ATTEMPTS) {
				await sleep(backoff(attempts));
				continue;
			}
			throw airudderError(node, {
				endpoint: label,
				code: 'network',
				message: `Could not reach AIRudder: ${NETWORK_TEXT[code] ?? 'the connection failed'}`,
				plain: true,
				itemIndex,
				note: mayRetry ? `Tried ${attempts} times.` : MAY_HAVE_REACHED,
			});
		}
		if (refreshDone) endRefresh(state, refreshDone);
		freshToken = false;

		const answer: ReadAnswer = readAnswer(exchange.response, target.url, exchange.redact);
		const { status, envelope } = answer;
		if (status >= 300 && status < 400) {
			throw airudderError(node, {
				endpoint: label,
				httpStatus: status,
				code: 'redirect',
				message: redirectMessage(answer),
				itemIndex,
				plain: true,
			});
		}
		const code = bodyCode(envelope);
		const message =
			typeof envelope?.message === 'string'
				? envelope.message
				: answer.excerpt !== ''
					? answer.excerpt
					: undefined;
		const requestId = typeof envelope?.request_id === 'string' ? envelope.request_id : undefined;

		const tokenRejected = status === 401 || (code !== undefined && TOKEN_REJECTED_CODES.has(code));
		if (usesToken && tokenRejected) {
			if (tokenRefreshed) {
				throw airudderError(node, {
					endpoint: label,
					httpStatus: status,
					code: code ?? status,
					message,
					requestId,
					itemIndex,
				});
			}
			tokenRefreshed = true;
			if (state.authEpoch !== epoch) continue; // another request already fetched a new token
			if (state.refreshing) {
				await state.refreshing;
				continue;
			}
			freshToken = true;
			continue;
		}

		if (status === 429 || code === QUERY_LIMIT_CODE) {
			if (++throttledAttempts < MAX_THROTTLED_ATTEMPTS) {
				slowDown(state, retryAfterMs(answer.headers) ?? throttleDelay(throttledAttempts));
				continue;
			}
			throw airudderError(node, {
				endpoint: label,
				httpStatus: status,
				code: code ?? status,
				message,
				requestId,
				itemIndex,
				note: `Still limited after ${throttledAttempts} attempts.`,
			});
		}

		if (status >= 500 || status === 408) {
			if (endpoint.retrySafe && ++attempts < MAX_ATTEMPTS) {
				await sleep(retryAfterMs(answer.headers) ?? backoff(attempts));
				continue;
			}
			throw airudderError(node, {
				endpoint: label,
				httpStatus: status,
				code: code ?? status,
				message,
				requestId,
				itemIndex,
				note: endpoint.retrySafe ? `Tried ${attempts} times.` : MAY_HAVE_REACHED,
			});
		}

		if (status < 200 || status >= 300 || (code !== undefined && code !== 200)) {
			throw airudderError(node, {
				endpoint: label,
				httpStatus: status,
				code: code ?? status,
				message,
				requestId,
				itemIndex,
			});
		}
		if (envelope) return { envelope: envelope as AirudderEnvelope };
		if (options.acceptText) return { text: answer.text };
		// Not retried: a create or send behind it may have gone through.
		throw airudderError(node, {
			endpoint: label,
			httpStatus: status,
			code: 'notJson',
			message: notJsonMessage(answer),
			itemIndex,
			plain: true,
			note: endpoint.retrySafe ? undefined : MAY_HAVE_REACHED,
		});
	}
}
