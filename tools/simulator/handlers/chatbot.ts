/**
 * Chatbot area (/api/v1, X-AIRudder-Sign-Key): WhatsApp template messages. Accepted bodies are kept in order.
 */
import { apiFail, apiOk, invalidJson, isObject, type Answer, type Parsed } from '../envelopes';
import { hex32 } from '../ids';
import { routeKey, type Routes } from '../routes';
import type { SimState } from '../state';

const RECEIVER_ID_RE = /^\+?\d+$/;

function templateSend(state: SimState, headers: Record<string, string>, parsed: Parsed): Answer {
	if (headers['x-airudder-sign-key'] !== state.credentials.chatbotApiKey) {
		return apiFail(401, 'invalid X-AIRudder-Sign-Key', 401);
	}
	if (!parsed.ok || !isObject(parsed.value)) return invalidJson();
	const b = parsed.value;
	const bad = (message: string): Answer => apiFail(400, message);
	if (typeof b.template_id !== 'number' || !Number.isInteger(b.template_id) || b.template_id <= 0) {
		return bad('template_id is required (integer)');
	}
	if (typeof b.timestamp !== 'number' || !Number.isInteger(b.timestamp)) {
		return bad('timestamp is required (integer unix seconds)');
	}
	if (Math.abs(b.timestamp - Date.now() / 1000) > 300) return bad('timestamp out of range');
	if (b.channel === undefined || b.channel === null || b.channel === '')
		return bad('channel is required');
	if (b.channel !== 'WhatsApp') return bad('channel must be WhatsApp');
	if (typeof b.channel_id !== 'string' || b.channel_id === '')
		return bad('channel_id is required (string)');
	if (!Array.isArray(b.receivers) || b.receivers.length === 0) {
		return bad('receivers is required (non-empty array of {id})');
	}
	for (let i = 0; i < b.receivers.length; i++) {
		const r: unknown = b.receivers[i];
		if (!isObject(r) || typeof r.id !== 'string' || !RECEIVER_ID_RE.test(r.id)) {
			return bad(`receivers[${i}].id must be a phone number string (digits, optional leading +)`);
		}
	}
	if (b.template !== undefined) {
		if (!Array.isArray(b.template))
			return bad('template must be an array of {variable: {name: value}}');
		for (let i = 0; i < b.template.length; i++) {
			const t: unknown = b.template[i];
			if (!isObject(t) || !isObject(t.variable))
				return bad(`template[${i}].variable must be an object`);
		}
	}
	let custom: unknown;
	if (typeof b.custom === 'string') {
		try {
			custom = JSON.parse(b.custom);
		} catch {
			custom = undefined;
		}
	}
	if (
		!isObject(custom) ||
		custom.robot_id === undefined ||
		custom.robot_id === null ||
		custom.robot_id === ''
	) {
		return bad('custom must be a JSON string with robot_id');
	}
	state.sentTemplates.push(b);
	return apiOk({ task_id: hex32() });
}

export function chatbotRoutes(state: SimState): Routes {
	return {
		[routeKey('POST', '/api/v1/template/send')]: ({ headers, parsed }) =>
			templateSend(state, headers, parsed),
	};
}
