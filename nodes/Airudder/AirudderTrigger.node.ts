import {
	NodeConnectionTypes,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { eventKey } from './trigger/eventKey';
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
			// AIRudder has no API to register or look up callback URLs, so there is never one to find: n8n calls
			// create on every activation, which logs the URL to hand over to AIRudder.
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return false;
			},

			async create(this: IHookFunctions): Promise<boolean> {
				const url = this.getNodeWebhookUrl('default');
				const kind = registrationKind(this.getMode());
				// Version 0.1.0 kept a `registrations` record here that only fed this log line.
				const state = this.getWorkflowStaticData('node');
				if ('registrations' in state) delete state.registrations;
				this.logger.info(
					`AIRudder Trigger: ${kind} callback URL ready: ${url ?? '(unknown)'}. AIRudder has no API to register callback URLs: give this URL to AIRudder support (status change, call completion, chatbot session end) or type it into the API node of the workflow template (API node push, list completion).`,
					{ node: this.getNode().name, workflowId: this.getWorkflow().id },
				);
				return true;
			},

			async delete(this: IHookFunctions): Promise<boolean> {
				const url = this.getNodeWebhookUrl('default');
				const kind = registrationKind(this.getMode());
				this.logger.info(
					`AIRudder Trigger: ${kind} callback URL no longer listening: ${url ?? '(unknown)'}. AIRudder keeps calling it until you ask AIRudder to remove it.`,
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
