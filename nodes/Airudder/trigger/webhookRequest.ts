/**
 * Reads the JSON body of an AIRudder callback.
 *
 * n8n parses a JSON body before the node runs (recent versions answer a malformed one themselves). When
 * the raw bytes are available (`req.rawBody`), they are the source of truth and are parsed here, so a
 * malformed or empty body is always detected; otherwise the parsed `req.body` is used.
 */

/** The parts of n8n's (express) request the trigger reads. */
export interface WebhookRequestLike {
	headers: Record<string, string | string[] | undefined>;
	body?: unknown;
	rawBody?: unknown;
	query?: Record<string, unknown>;
	ip?: string;
	method?: string;
	socket?: { remoteAddress?: string };
}

/** The parts of n8n's (express) response the trigger uses. */
export interface WebhookResponseLike {
	status(code: number): WebhookResponseLike;
	json(body: unknown): unknown;
}

export type BodyResult = { ok: true; value: unknown } | { ok: false; reason: string };

export function headerValue(headers: WebhookRequestLike['headers'], name: string): string | null {
	const value = headers[name.toLowerCase()];
	if (Array.isArray(value)) return typeof value[0] === 'string' ? value[0] : null;
	return typeof value === 'string' ? value : null;
}

/** Whether a Content-Type header names JSON (`application/json`, or any `+json` type), parameters ignored. */
export function isJsonContentType(contentType: string | null): boolean {
	if (contentType === null) return false;
	const mime = contentType.split(';')[0].trim().toLowerCase();
	return mime === 'application/json' || (mime.startsWith('application/') && mime.endsWith('+json'));
}

function parseJsonText(text: string): BodyResult {
	const trimmed = text.replace(/^\uFEFF/, '').trim();
	if (trimmed === '') return { ok: false, reason: 'Empty body' };
	try {
		return { ok: true, value: JSON.parse(trimmed) as unknown };
	} catch (error) {
		return {
			ok: false,
			reason: error instanceof SyntaxError ? 'Malformed JSON body' : 'Unreadable body',
		};
	}
}

function isBytes(value: unknown): value is Uint8Array {
	return value instanceof Uint8Array;
}

function decode(bytes: Uint8Array): string {
	return Buffer.isBuffer(bytes) ? bytes.toString('utf8') : new TextDecoder('utf-8').decode(bytes);
}

export function readJsonBody(req: WebhookRequestLike): BodyResult {
	if (!isJsonContentType(headerValue(req.headers, 'content-type'))) {
		return { ok: false, reason: 'Content-Type must be application/json' };
	}

	const { rawBody } = req;
	if (isBytes(rawBody)) return parseJsonText(decode(rawBody));
	if (typeof rawBody === 'string') return parseJsonText(rawBody);

	const { body } = req;
	if (body === undefined || body === null || body === '')
		return { ok: false, reason: 'Empty body' };
	if (isBytes(body)) return parseJsonText(decode(body));
	if (typeof body === 'string') return parseJsonText(body);
	if (typeof body !== 'object') return { ok: true, value: body };
	// Without the raw bytes, an empty object with no content can only be an empty body.
	const length = headerValue(req.headers, 'content-length');
	if (
		!Array.isArray(body) &&
		Object.keys(body).length === 0 &&
		(length === null || length === '0')
	) {
		return { ok: false, reason: 'Empty body' };
	}
	return { ok: true, value: body };
}
