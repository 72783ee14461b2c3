import {
	NodeConnectionTypes,
	type IDataObject,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { nowIso } from './helpers/time';
import { eventKey } from './trigger/eventKey';
import { isRecord } from './trigger/safe';
import { triggerProperties } from './trigger/triggerProperties';
import {
	ANSWER_OK,
	answer,
	emit,
	isRepeat,
	normalise,
	readBody,
	refuseByAllowlist,
	refuseBySecret,
	selectEvent,
	startCallback,
} from './trigger/webhookSteps';

type RegistrationKind = 'production' | 'test';

function registrationKind(mode: string): RegistrationKind {
	return mode === 'manual' ? 'test' : 'production';
}

export class AirudderTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'AIRudder Trigger',
		name: 'airudderTrigger',
		icon: { light: 'file:airudder.svg', dark: 'file:airudder.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ "Events: " + ($parameter["events"] || []).length }}',
		description:
			'Starts the workflow when AIRudder sends a callback (workflow, call and chatbot events)',
		defaults: {
			name: 'AIRudder Trigger',
		},
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		eventTriggerDescription: 'Waiting for AIRudder to call the Test URL',
		activationMessage:
			'Give the Production URL to AIRudder (support, or the API node of your workflow template). Every callback now starts this workflow once.',
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				// The node answers every request itself (HTTP 200 with {} before the workflow runs, or an error).
				responseMode: 'onReceived',
				responseData: 'noData',
				path: 'airudder',
			},
		],
		properties: triggerProperties,
	};

	webhookMethods = {
		default: {
			// AIRudder has no API to register callback URLs: the state lives in the node's static data, and the
			// URL is logged so it can be handed to AIRudder.
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const url = this.getNodeWebhookUrl('default');
				const state = this.getWorkflowStaticData('node');
				const registrations = isRecord(state.registrations) ? state.registrations : {};
				const current = registrations[registrationKind(this.getMode())];
				return isRecord(current) && current.url === url;
			},

			async create(this: IHookFunctions): Promise<boolean> {
				const url = this.getNodeWebhookUrl('default');
				const kind = registrationKind(this.getMode());
				const state = this.getWorkflowStaticData('node');
				const registrations: IDataObject = isRecord(state.registrations)
					? { ...(state.registrations as IDataObject) }
					: {};
				registrations[kind] = { url: url ?? null, registeredAt: nowIso() };
				state.registrations = registrations;
				this.logger.info(
					`AIRudder Trigger: ${kind} callback URL ready: ${url ?? '(unknown)'}. AIRudder has no API to register callback URLs: give this URL to AIRudder support (status change, call completion, chatbot session end) or type it into the API node of the workflow template (API node push, list completion).`,
					{ node: this.getNode().name, workflowId: this.getWorkflow().id },
				);
				return true;
			},

			async delete(this: IHookFunctions): Promise<boolean> {
				const kind = registrationKind(this.getMode());
				const state = this.getWorkflowStaticData('node');
				const registrations: IDataObject = isRecord(state.registrations)
					? { ...(state.registrations as IDataObject) }
					: {};
				const url = isRecord(registrations[kind])
					? (registrations[kind] as IDataObject).url
					: undefined;
				delete registrations[kind];
				state.registrations = registrations;
				this.logger.info(
					`AIRudder Trigger: ${kind} callback URL no longer listening: ${typeof url === 'string' ? url : '(unknown)'}. AIRudder keeps calling it until you ask AIRudder to remove it.`,
					{ node: this.getNode().name, workflowId: this.getWorkflow().id },
				);
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const callback = startCallback(this);
		const refused = refuseByAllowlist(callback) ?? refuseBySecret(callback);
		if (refused !== null) return answer(callback, refused);
		const body = readBody(callback);
		if (!body.ok) return answer(callback, body.answer);
		const event = selectEvent(callback, body.value);
		if (event === null) return answer(callback, ANSWER_OK);
		const fields = normalise(callback, event, body.value);
		const { key, eventId } = eventKey(event, body.value);
		if (isRepeat(callback, event, key, eventId)) return answer(callback, ANSWER_OK);
		return emit(callback, event, eventId, fields, body.value);
	}
}
