/**
 * The steps of one AIRudder callback, in the order the trigger runs them: IP allowlist, shared secret, body,
 * event selection, normalise, dedupe, emit. A step that refuses or ends the request gives the answer to send.
 */
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { isValidZone, nowIso } from '../helpers/time';
import { claimEvent } from './dedupe';
import { AIRUDDER_EVENTS, detectEvent, type AirudderEvent } from './detectEvent';
import {
	DEFAULT_DEDUPE_WINDOW_MINUTES,
	DEFAULT_SECRET_HEADER,
	DEFAULT_SECRET_QUERY_PARAMETER,
	type TriggerOptions,
} from './triggerProperties';
import { isRecord, type JsonObject } from './safe';
import { checkSecret, clientIp, ipAllowed, parseAllowlist } from './security';
import { buildItem, normaliseEvent } from './triggerItem';
import {
	headerValue,
	readJsonBody,
	type WebhookRequestLike,
	type WebhookResponseLike,
} from './webhookRequest';

/** One request as the steps see it. */
export interface Callback {
	context: IWebhookFunctions;
	req: WebhookRequestLike;
	res: WebhookResponseLike;
	options: TriggerOptions;
	logMeta: { node: string; workflowId: string | undefined };
	receivedAt: string;
	nowMs: number;
}

/** What the node answers when a step ends the request. */
export interface Answer {
	status: number;
	body: IDataObject;
}

/** 200 {}: a repeat, or an event the user did not select. */
export const ANSWER_OK: Answer = { status: 200, body: {} };

export function startCallback(context: IWebhookFunctions): Callback {
	return {
		context,
		receivedAt: nowIso(),
		nowMs: Date.now(),
		req: context.getRequestObject() as unknown as WebhookRequestLike,
		res: context.getResponseObject() as unknown as WebhookResponseLike,
		options: context.getNodeParameter('options', {}) as TriggerOptions,
		logMeta: { node: context.getNode().name, workflowId: context.getWorkflow().id },
	};
}

/** The node answers every request itself: n8n's default answer for a trigger is not `{}`. */
export function answer(callback: Callback, { status, body }: Answer): IWebhookResponseData {
	callback.res.status(status).json(body);
	return { noWebhookResponse: true };
}

/** 1. IP allowlist: 403 for an address outside it. */
export function refuseByAllowlist({ context, req, options, logMeta }: Callback): Answer | null {
	const allowlistText = (options.ipAllowlist ?? '').trim();
	if (allowlistText === '') return null;
	const allowlist = parseAllowlist(allowlistText);
	if (allowlist.invalid.length > 0) {
		context.logger.warn(
			`AIRudder Trigger: ${allowlist.invalid.length} IP allowlist entries could not be read and match nothing: ${allowlist.invalid.join(', ')}`,
			logMeta,
		);
	}
	const ip = clientIp(req, options.trustForwardedFor === true);
	if (ipAllowed(ip, allowlist)) return null;
	context.logger.info(
		`AIRudder Trigger: refused a request from ${ip ?? 'an unknown address'} (not in the IP allowlist)`,
		logMeta,
	);
	return { status: 403, body: { error: 'Forbidden' } };
}

/** 2. Shared secret: 401 when it is set and the request does not carry it. */
export function refuseBySecret({ context, req, options, logMeta }: Callback): Answer | null {
	const secret = options.sharedSecret ?? '';
	if (secret === '') return null;
	let received: unknown;
	if (options.authLocation === 'header') {
		const name = (options.authHeaderName ?? '').trim() || DEFAULT_SECRET_HEADER;
		received = req.headers[name.toLowerCase()];
	} else {
		const name = (options.authQueryParameter ?? '').trim() || DEFAULT_SECRET_QUERY_PARAMETER;
		const query = isRecord(req.query) ? req.query : {};
		received = Object.prototype.hasOwnProperty.call(query, name) ? query[name] : undefined;
	}
	const check = checkSecret(received, secret);
	if (check.ok) return null;
	context.logger.info(
		`AIRudder Trigger: refused a request (${check.reason.toLowerCase()})`,
		logMeta,
	);
	return { status: 401, body: { error: check.reason } };
}

/** 3. Body: the parsed JSON, or 400. */
export function readBody({
	context,
	req,
	logMeta,
}: Callback): { ok: true; value: unknown } | { ok: false; answer: Answer } {
	const parsed = readJsonBody(req);
	if (parsed.ok) return parsed;
	context.logger.info(`AIRudder Trigger: refused a request (${parsed.reason})`, logMeta);
	return { ok: false, answer: { status: 400, body: { error: parsed.reason } } };
}

/** 4. Which callback, and does the user want it? Null: answer 200 and start nothing. */
export function selectEvent({ context, logMeta }: Callback, body: unknown): AirudderEvent | null {
	const event = detectEvent(body);
	if (event === 'unknown') {
		const fields = isRecord(body)
			? Object.keys(body)
					.slice(0, 20)
					.map((name) => name.slice(0, 40))
					.join(', ')
			: Array.isArray(body)
				? 'an array'
				: typeof body;
		context.logger.warn(
			`AIRudder Trigger: received a callback of an unknown shape (fields: ${fields})`,
			logMeta,
		);
	}
	const selected = context.getNodeParameter('events', [...AIRUDDER_EVENTS]) as string[];
	if (selected.includes(event)) return event;
	context.logger.debug(
		`AIRudder Trigger: ${event} is not selected in Events; answered without starting the workflow`,
		logMeta,
	);
	return null;
}

/** The Customer Timezone option, else the workflow time zone, else UTC. */
function customerTimezone({ context, options }: Callback): string {
	const workflowZone = context.getTimezone();
	const fallback = isValidZone(workflowZone) ? workflowZone : 'UTC';
	const wanted = (options.customerTimezone ?? '').trim();
	if (wanted === '') return fallback;
	if (isValidZone(wanted)) return wanted;
	context.logger.warn(
		`AIRudder Trigger: Customer Timezone "${wanted}" is not a known time zone; using ${fallback}`,
		{ node: context.getNode().name },
	);
	return fallback;
}

/** 5. Normalise (before recording the event: if this fails, AIRudder's retry can still get through). */
export function normalise(callback: Callback, event: AirudderEvent, body: unknown): JsonObject {
	return normaliseEvent(event, body, { customerTimezone: customerTimezone(callback) });
}

/** 6. Exactly once: whether this is a repeat. Test runs (manual mode) are not deduplicated. */
export function isRepeat(
	{ context, options, logMeta, nowMs }: Callback,
	event: AirudderEvent,
	key: string,
	eventId: string,
): boolean {
	const configured = Number(options.dedupeWindowMinutes ?? DEFAULT_DEDUPE_WINDOW_MINUTES);
	const windowMinutes = Number.isFinite(configured) ? configured : DEFAULT_DEDUPE_WINDOW_MINUTES;
	if (windowMinutes <= 0 || context.getMode() === 'manual') return false;
	const node = context.getNode();
	const { duplicate } = claimEvent({
		scopeId: `${context.getWorkflow().id ?? ''}/${node.id ?? node.name}`,
		staticData: context.getWorkflowStaticData('node'),
		key,
		nowMs,
		windowMinutes,
	});
	if (duplicate) {
		context.logger.debug(
			`AIRudder Trigger: repeat of ${event} ${eventId}; answered without starting the workflow`,
			logMeta,
		);
	}
	return duplicate;
}

/** 7. Emit: answer 200 {} and start the workflow with one item. */
export function emit(
	{ req, res, receivedAt }: Callback,
	event: AirudderEvent,
	eventId: string,
	fields: JsonObject,
	body: unknown,
): IWebhookResponseData {
	const signature = headerValue(req.headers, 'x-airudder-sign');
	const item = buildItem({ event, eventId, signature, receivedAt }, fields, body);
	res.status(200).json({});
	return { noWebhookResponse: true, workflowData: [[{ json: item as IDataObject }]] };
}
