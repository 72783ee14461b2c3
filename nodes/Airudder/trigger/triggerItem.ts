/**
 * The item the trigger emits for one callback: the event name, its normalised fields, then metadata and the
 * raw payload.
 */
import { sessionEnded, transferRequested } from './chatbotCallbacks';
import type { AirudderEvent } from './detectEvent';
import { isRecord, safeClone, type JsonObject, type JsonValue } from './safe';
import { apiNodePush, contactCompleted, statusChanged } from './workflowCallbacks';

export interface NormaliseContext {
	/** IANA zone in which zone-less call times (`YYYY-MM-DD HH:mm:ss`) are read. */
	customerTimezone: string;
}

/** The event-specific fields of one callback (no `event`, `raw`, ... — the node adds those). */
export function normaliseEvent(
	event: AirudderEvent,
	body: unknown,
	ctx: NormaliseContext,
): JsonObject {
	if (!isRecord(body)) return {};
	switch (event) {
		case 'workflow.statusChanged':
			return statusChanged(body);
		case 'workflow.contactCompleted':
			return contactCompleted(body);
		case 'workflow.apiNodePush':
			return apiNodePush(body, ctx.customerTimezone);
		case 'chatbot.sessionEnded':
			return sessionEnded(body);
		case 'chatbot.transferRequested':
			return transferRequested(body);
		default:
			return {};
	}
}

export interface TriggerItemMeta {
	event: AirudderEvent;
	eventId: string;
	signature: string | null;
	receivedAt: string;
}

/** The whole output item: event name first, the normalised fields, then metadata and the raw payload. */
export function buildItem(meta: TriggerItemMeta, fields: JsonObject, body: unknown): JsonObject {
	const item: JsonObject = { event: meta.event };
	for (const key of Object.keys(fields)) item[key] = fields[key];
	item.eventId = meta.eventId;
	item.signature = meta.signature;
	item.receivedAt = meta.receivedAt;
	item.raw = safeClone(body) as JsonValue;
	return item;
}
