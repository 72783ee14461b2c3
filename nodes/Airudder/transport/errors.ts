import { NodeApiError, type INode, type JsonObject } from 'n8n-workflow';

/** AIRudder's answers to a wrong APP Key or APP Secret: the problem, and what to do about it. */
export const CREDENTIAL_CODES: Record<number, { problem: string; fix: string }> = {
	10301: {
		problem: 'AIRudder does not know this APP Key',
		fix: 'Copy the APP Key again from your AIRudder account.',
	},
	10302: {
		problem: 'The APP Secret does not match the APP Key',
		fix: 'Copy the APP Secret again.',
	},
	10801: { problem: 'AIRudder rejected the APP Key or APP Secret', fix: 'Check both fields.' },
	10814: { problem: 'AIRudder found no user for this APP Key', fix: 'Check the APP Key.' },
};

/** The message the credential gives for one of CREDENTIAL_CODES. */
export function credentialCodeMessage(code: number): string | undefined {
	const known = CREDENTIAL_CODES[code];
	return known && `${known.problem} (code ${code}). ${known.fix}`;
}

/** Plain hints for AIRudder's codes (error table in the shared API reference). */
const HINTS: Record<number, string> = {
	...Object.fromEntries(
		Object.entries(CREDENTIAL_CODES).map(([code, { problem, fix }]) => [
			code,
			`${problem}. ${fix}`,
		]),
	),
	10201:
		'AIRudder had an internal error. Try again later; if it persists, give AIRudder support the request details.',
	10501: 'AIRudder could not create the task. Check Workflow Template ID, Task Name and End Time.',
	10502:
		'The workflow task ID is empty. Map workflow_id from the output of Create (or from a callback).',
	10503: 'The callback URL is empty.',
	10504: 'The callback URL is not valid.',
	10505: 'No contacts were sent. Check that the input items carry phone numbers.',
	10506:
		'AIRudder does not know this workflow task. Check the ID and that it belongs to this account.',
	10507: 'The task has not been executed yet.',
	10508:
		'A task with this name already exists. Use a unique Task Name, for example add the date and time.',
	10509:
		'The time given is earlier than now. Pick a time in the future (Timezone decides how it is read).',
	10510:
		'A phone number is not accepted: it must start with + and the country code, at most 14 digits.',
	10511: 'The group was not found.',
	10513: 'The task has already finished.',
	10514: 'The task has not started yet.',
	10515: 'The task has not finished yet. Try again later.',
	10516: 'There are no recordings for this call.',
	10518: 'The task name may contain only letters, digits and underscores.',
	10527: 'The task cannot take these contacts: it is finished, or it would exceed 10,000 contacts.',
	10605: 'The task is not in the Not Started state.',
	10608: 'The call ID is empty.',
	10609: 'The call ID is not valid.',
	10611: 'The call has not finished yet. Try again later.',
	10702:
		'The task ID is not valid. Use the call task ID (task_id in the status callback actions or in Create output).',
	10704: 'This workflow task cannot perform this operation.',
	10705:
		'AIRudder limits how many queries you may make. Lower Concurrency in the node options, or wait.',
	10810: 'No token was sent. Check the AIRudder API credential.',
	10811: 'AIRudder could not read the token. Check the AIRudder API credential.',
	10812: 'AIRudder rejected the token. Check the APP Key and APP Secret in the credential.',
	10813: 'The token expired and a fresh one was also rejected. Check the credential.',
	10820: 'The file does not exist.',
};

const HTTP_HINTS: Record<number, string> = {
	400: 'AIRudder did not accept the request. Check the fields named in the message.',
	401: 'AIRudder rejected the credentials. Check the APP Key/Secret, and for WhatsApp operations the Chatbot API Key.',
	403: 'This account is not allowed to do this. Ask AIRudder to enable it.',
	404: 'AIRudder does not know this path. Check the path (API Request) or the Base URL in the credential.',
	429: 'AIRudder is limiting requests. Lower Concurrency in the node options, or wait and run again.',
};

export interface AirudderFailure {
	endpoint: string;
	httpStatus?: number;
	code?: number | string;
	message?: string;
	requestId?: string;
	itemIndex?: number;
	/** Extra advice, e.g. that a create may have gone through. */
	note?: string;
	/** Use the message as it is, without the "AIRudder error <code>:" prefix. */
	plain?: boolean;
}

export function hintFor(code: number | string | undefined, httpStatus?: number): string {
	if (code === 'redirect')
		return 'The node never follows redirects, so no key goes to another host. If AIRudder gave you a new address, put it in the Base URL of the credential.';
	if (code === 'notJson')
		return "AIRudder, or something in front of it such as a proxy or a maintenance page, did not answer with AIRudder's JSON. Check the Base URL, or try again later.";
	const numeric = Number(code);
	if (!Number.isNaN(numeric) && HINTS[numeric]) return HINTS[numeric];
	if (httpStatus && HTTP_HINTS[httpStatus]) return HTTP_HINTS[httpStatus];
	if (httpStatus && httpStatus >= 500)
		return 'AIRudder is having trouble. Try again in a few minutes.';
	if (code === 'network')
		return 'Check that the Base URL in the credential is right and that AIRudder is reachable from n8n.';
	if (code === 'request' || code === 'token')
		return 'Check the Base URL, APP Key and APP Secret in the AIRudder API credential.';
	return 'See the message from AIRudder above.';
}

/** A NodeApiError carrying AIRudder's code and message, a hint, and nothing secret. */
export function airudderError(node: INode, failure: AirudderFailure): NodeApiError {
	const { endpoint, httpStatus, code, message, requestId, itemIndex, note, plain } = failure;
	const shownCode = code ?? httpStatus ?? 'network';
	const text = message && message.trim() !== '' ? message.trim() : 'no message';
	// NodeApiError swaps its message for a generic one when it sees a system code (ECONNRESET...) under
	// "code", so only AIRudder's numeric codes go there.
	const details: JsonObject =
		typeof shownCode === 'number'
			? { endpoint, code: shownCode, message: text }
			: { endpoint, reason: shownCode, detail: text };
	if (httpStatus !== undefined) details.httpStatus = httpStatus;
	if (requestId) details.request_id = requestId;
	const description = [hintFor(code, httpStatus), note].filter(Boolean).join(' ');
	return new NodeApiError(node, details, {
		message: plain ? text : `AIRudder error ${shownCode}: ${text}`,
		description,
		httpCode: httpStatus !== undefined ? String(httpStatus) : undefined,
		itemIndex,
	});
}
