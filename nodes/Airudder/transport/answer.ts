import type { IDataObject } from 'n8n-workflow';

import { plainTextExcerpt } from '../helpers/plainText';
import { redactValue, type Redact } from '../helpers/redact';
import { locationHost } from './url';

/** An HTTP answer from AIRudder read as text, secrets already replaced by ***. */
export interface ReadAnswer {
	status: number;
	headers: IDataObject;
	/** AIRudder's JSON object (envelope), when the body is one. */
	envelope?: IDataObject;
	/** The body as received, redacted. */
	text: string;
	/** Readable text of the body for messages: tags stripped, whitespace collapsed, at most 160 characters. */
	excerpt: string;
	/** For a 3xx: the host of its Location. */
	redirectHost?: string;
}

function bodyText(body: unknown): string {
	if (body === undefined || body === null) return '';
	if (typeof body === 'string') return body;
	// A client that already parsed the body (it should not: the transport asks for text).
	return JSON.stringify(body);
}

function parseObject(text: string): IDataObject | undefined {
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch {
		// Not JSON (an empty body neither).
	}
	return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
		? (parsed as IDataObject)
		: undefined;
}

/** Reads status, headers and body text; JSON is parsed here, so a body that is not JSON is known as such. */
export function readAnswer(
	response: { statusCode: number; headers?: unknown; body?: unknown },
	requestUrl: string,
	redact: Redact,
): ReadAnswer {
	const headers = (response.headers ?? {}) as IDataObject;
	const raw = bodyText(response.body);
	const envelope = parseObject(raw);
	const text = redact(raw);
	const answer: ReadAnswer = {
		status: response.statusCode,
		headers,
		text,
		excerpt: plainTextExcerpt(text),
	};
	if (envelope) answer.envelope = redactValue(envelope, redact);
	if (answer.status >= 300 && answer.status < 400) {
		answer.redirectHost = locationHost(headers.location, requestUrl);
	}
	return answer;
}

/** The message for a 2xx answer that is not AIRudder's JSON object. */
export function notJsonMessage(answer: ReadAnswer): string {
	return `AIRudder's answer could not be read (not JSON): ${answer.excerpt === '' ? '(empty answer)' : answer.excerpt}`;
}

/** The message for a 3xx answer: redirects are never followed. */
export function redirectMessage(answer: ReadAnswer): string {
	const target = answer.redirectHost ?? 'an address it did not give';
	return `AIRudder answered with a redirect (HTTP ${answer.status}) to ${target}: check the Base URL`;
}
