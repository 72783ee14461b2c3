/**
 * The identity of one AIRudder callback: retries of the same event get the same key, different events
 * different keys.
 *
 * The key is the SHA-256 digest of the event name and its natural identity (the fields that name the event),
 * or, for an unknown shape or a missing identity field, of the whole body (canonical JSON, volatile fields
 * removed). The full digest is the dedupe key; its first 64 bits (16 hex characters) are the item's eventId.
 */
import { createHash } from 'node:crypto';

import type { AirudderEvent } from './detectEvent';
import { asRecord, asString, canonicalJson, isRecord } from './safe';

/** Top-level fields that differ between retries of the same event. */
const VOLATILE_FIELDS = new Set(['timestamp']);

export interface EventKey {
	/** The full SHA-256 digest, base64url (43 characters): what the dedupe record compares. */
	key: string;
	/** The first 64 bits of the digest as 16 hex characters: the item's `eventId`. */
	eventId: string;
	/** Whether the key comes from the event's natural identity (else from its whole body). */
	natural: boolean;
}

/** The natural identity of an event, or null when a field of it is missing. */
function naturalIdentity(event: AirudderEvent, body: unknown): Array<string | null> | null {
	if (!isRecord(body)) return null;
	switch (event) {
		case 'workflow.statusChanged':
			return [asString(body.workflow_id), asString(body.status)];
		case 'workflow.contactCompleted':
			return [asString(body.workflow_id), asString(body.case_id), asString(body.callee_number)];
		case 'workflow.apiNodePush':
			return [
				asString(body.workflow_id),
				asString(body.node_id),
				asString(asRecord(body.call).call_id),
			];
		case 'chatbot.sessionEnded':
			// Not the `timestamp`: it is the send time and changes between retries.
			return [asString(body.call_id)];
		case 'chatbot.transferRequested':
			return [
				asString(body.channel_id),
				asString(asRecord(body.user).id),
				asString(asRecord(body.transfer).call_id),
			];
		default:
			return null;
	}
}

function digest(material: string, natural: boolean): EventKey {
	const bytes = createHash('sha256').update(material, 'utf8').digest();
	return { key: bytes.toString('base64url'), eventId: bytes.toString('hex', 0, 8), natural };
}

/** The dedupe key of one delivery. */
export function eventKey(event: AirudderEvent, body: unknown): EventKey {
	const identity = naturalIdentity(event, body);
	if (identity !== null && identity.every((value) => value !== null)) {
		return digest(`${event}\n${JSON.stringify(identity)}`, true);
	}
	let material: unknown = body;
	if (isRecord(body)) {
		const stable: Record<string, unknown> = {};
		for (const name of Object.keys(body)) {
			if (!VOLATILE_FIELDS.has(name)) stable[name] = body[name];
		}
		material = stable;
	}
	return digest(`${event}\nbody\n${canonicalJson(material)}`, false);
}
