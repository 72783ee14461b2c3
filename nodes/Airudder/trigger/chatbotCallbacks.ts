/**
 * The chatbot callbacks (session end, agent transfer request) as flat, camelCase fields, with a readable text
 * for each message. Input is the untrusted body; every object in the output is a fresh safe copy.
 */
import { secondsBetween, unixToIso, utcTimeToIso } from '../helpers/time';
import { asArray, asNumber, asRecord, asString, safeObject, type JsonObject } from './safe';

/** A readable one-line text for one chatbot message (text, button reply, template body, media, ...). */
export function messageText(content: Record<string, unknown>): string {
	const type = asString(content.type) ?? '';
	if (typeof content.text === 'string' && content.text !== '') return content.text;
	switch (type) {
		case 'template': {
			const template = asRecord(asRecord(content.template).content);
			if (typeof template.body === 'string' && template.body !== '') return template.body;
			return asString(asRecord(template.body).text) ?? '[template]';
		}
		case 'interactive': {
			const text = asRecord(asRecord(content.interactive).body).text;
			return typeof text === 'string' && text !== '' ? text : '[interactive]';
		}
		case 'image':
		case 'video':
		case 'audio':
		case 'file':
		case 'document':
		case 'sticker': {
			const media = asRecord(content.media);
			const label = asString(media.name) ?? asString(media.origin_url);
			return label === null ? `[${type}]` : `[${type}] ${label}`;
		}
		case 'location': {
			const loc = asRecord(content.location);
			const parts = [
				asString(loc.name),
				asString(loc.address),
				[asString(loc.latitude), asString(loc.longitude)].filter(Boolean).join(','),
			]
				.filter((part) => part !== null && part !== '')
				.join(' ');
			return parts === '' ? '[location]' : `[location] ${parts}`;
		}
		case 'contacts': {
			const people = asArray(content.contacts)
				.map((item) => {
					const c = asRecord(item);
					return [asString(c.name), asString(c.phone_number)]
						.filter((part) => part !== null)
						.join(' ');
				})
				.filter((entry) => entry !== '');
			return people.length === 0 ? '[contacts]' : `[contacts] ${people.join('; ')}`;
		}
		case 'system': {
			const system = asString(asRecord(content.system).type);
			return system === null ? '[system]' : `[system] ${system}`;
		}
		default:
			return type === '' ? '' : `[${type}]`;
	}
}

export function sessionEnded(body: Record<string, unknown>): JsonObject {
	const sessionStartTime = utcTimeToIso(body.session_start_time);
	const sessionEndTime = utcTimeToIso(body.session_end_time);
	const rawMessages = asArray(body.messages);
	const messages: JsonObject[] = new Array<JsonObject>(rawMessages.length);
	const lines: string[] = new Array<string>(rawMessages.length);
	for (let i = 0; i < rawMessages.length; i++) {
		const m = asRecord(rawMessages[i]);
		const content = asRecord(m.content);
		const senderType = asString(m.sender_type);
		const text = messageText(content);
		messages[i] = {
			msgId: asString(m.msg_id),
			senderType,
			sentAt: unixToIso(m.timestamp),
			status: asString(m.status),
			type: asString(content.type),
			text,
			replyToMsgId: asString(asRecord(m.reply).msg_id),
		};
		lines[i] = `${senderType ?? 'unknown'}: ${text}`;
	}
	return {
		workflowId: asString(body.workflow_id),
		workflowName: asString(body.workflow_name),
		nodeTaskId: asString(body.nodetask_id),
		nodeTaskName: asString(body.nodetask_name),
		wabaTaskId: asString(body.waba_task_id),
		workflowDetailId: asString(body.wfdetail_uuid),
		callId: asString(body.call_id),
		channel: asString(body.channel),
		channelId: asString(body.channel_id),
		calleeNumber: asString(body.callee),
		robotId: asString(body.robot_id),
		status: asString(body.status),
		sessionStartTime,
		sessionEndTime,
		sessionDurationSeconds: secondsBetween(sessionStartTime, sessionEndTime),
		sessionEndReason: asString(body.session_end_reason),
		intention: asString(body.intention),
		talkRound: asNumber(body.talk_round),
		nerSlots: safeObject(body.ner_slots),
		eventLabel: safeObject(body.event_label),
		variables: safeObject(body.variables),
		sentAt: unixToIso(body.timestamp),
		messageCount: rawMessages.length,
		messages,
		transcript: lines.join('\n'),
	};
}

export function transferRequested(body: Record<string, unknown>): JsonObject {
	const transfer = asRecord(body.transfer);
	return {
		eventType: asString(body.event),
		channel: asString(body.channel),
		channelId: asString(body.channel_id),
		userId: asString(asRecord(body.user).id),
		company: asString(transfer.company),
		callId: asString(transfer.call_id),
	};
}
