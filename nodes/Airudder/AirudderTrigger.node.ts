import {
	NodeConnectionTypes,
	type IDataObject,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { claimEvent } from './trigger/dedupe';
import { eventKey } from './trigger/eventKey';
import { AIRUDDER_EVENTS, buildItem, detectEvent, normaliseEvent } from './trigger/events';
import {
	headerValue,
	readJsonBody,
	type WebhookRequestLike,
	type WebhookResponseLike,
} from './trigger/request';
import { isRecord } from './trigger/safe';
import { checkSecret, clientIp, ipAllowed, parseAllowlist } from './trigger/security';
import { isValidTimezone, nowIso } from './trigger/time';

const DEFAULT_SECRET_QUERY_PARAMETER = 'secret';
const DEFAULT_SECRET_HEADER = 'X-AIRudder-Secret';
const DEFAULT_DEDUPE_WINDOW_MINUTES = 60;

interface TriggerOptions {
	customerTimezone?: string;
	dedupeWindowMinutes?: number;
	ipAllowlist?: string;
	authHeaderName?: string;
	authLocation?: 'query' | 'header';
	authQueryParameter?: string;
	sharedSecret?: string;
	trustForwardedFor?: boolean;
}

type RegistrationKind = 'production' | 'test';

function registrationKind(mode: string): RegistrationKind {
	return mode === 'manual' ? 'test' : 'production';
}

/** The Customer Timezone option, else the workflow time zone, else UTC. */
function resolveTimezone(context: IWebhookFunctions, configured: string | undefined): string {
	const workflowZone = context.getTimezone();
	const fallback = isValidTimezone(workflowZone) ? workflowZone : 'UTC';
	const wanted = (configured ?? '').trim();
	if (wanted === '') return fallback;
	if (isValidTimezone(wanted)) return wanted;
	context.logger.warn(
		`AIRudder Trigger: Customer Timezone "${wanted}" is not a known time zone; using ${fallback}`,
		{
			node: context.getNode().name,
		},
	);
	return fallback;
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
		properties: [
			{
				displayName:
					'Setup: AIRudder has no API for callback URLs, so give them this node\'s Production URL (not the Test URL, which only listens for a short while after you click "Listen for test event"). Send it to AIRudder support for the workflow status change, call completion and chatbot session end callbacks, and type it into the API node of your workflow template in the AIRudder console for the custom API node push and list completion callbacks. Then publish (activate) this workflow. AIRudder retries a callback every minute up to five times; repeats are answered but start nothing (see Deduplication Window). The X-AIRudder-Sign header is passed on as "signature" but not verified: AIRudder does not document its algorithm. To protect the URL, set a Shared Secret and add it to the URL you give AIRudder.',
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				default: [...AIRUDDER_EVENTS],
				description:
					'Which callbacks start the workflow. Others are still answered with HTTP 200 but start nothing.',
				options: [
					{
						name: 'Chatbot Session Ended',
						value: 'chatbot.sessionEnded',
						description: 'A WhatsApp chatbot conversation started from a workflow ended',
					},
					{
						name: 'Chatbot Transfer Requested',
						value: 'chatbot.transferRequested',
						description: 'A chatbot asks for a human agent',
					},
					{
						name: 'Unknown Callback',
						value: 'unknown',
						description:
							'A callback of a shape this node does not recognise (passed on under "raw")',
					},
					{
						name: 'Workflow API Node Push',
						value: 'workflow.apiNodePush',
						description: 'A contact passed a custom API node of a workflow (call results)',
					},
					{
						name: 'Workflow Contact Completed',
						value: 'workflow.contactCompleted',
						description: 'One contact finished the workflow (list completion)',
					},
					{
						name: 'Workflow Status Changed',
						value: 'workflow.statusChanged',
						description: 'A workflow task was finished or cancelled',
					},
				],
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Customer Timezone',
						name: 'customerTimezone',
						type: 'string',
						default: '',
						placeholder: 'e.g. Asia/Jakarta',
						description:
							'IANA time zone of your customers, used to read the call times AIRudder sends without a zone (call_start_time, call_end_time). Empty: the workflow time zone.',
					},
					{
						displayName: 'Deduplication Window (Minutes)',
						name: 'dedupeWindowMinutes',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: DEFAULT_DEDUPE_WINDOW_MINUTES,
						description:
							'A repeat of the same event within this many minutes is answered with HTTP 200 but starts nothing (AIRudder retries for about 5 minutes). 0 turns deduplication off.',
					},
					{
						displayName: 'IP Allowlist',
						name: 'ipAllowlist',
						type: 'string',
						default: '',
						placeholder: 'e.g. 203.0.113.10, 198.51.100.0/24',
						description:
							'Comma-separated IP addresses or CIDR ranges allowed to call this URL. Others get HTTP 403. Empty: any address.',
					},
					{
						displayName: 'Secret Header Name',
						name: 'authHeaderName',
						type: 'string',
						default: DEFAULT_SECRET_HEADER,
						description: 'Header that carries the shared secret, when Secret Location is Header',
					},
					{
						displayName: 'Secret Location',
						name: 'authLocation',
						type: 'options',
						default: 'query',
						description: 'Where the shared secret is expected in each request',
						options: [
							{
								name: 'Header',
								value: 'header',
								description: 'A request header (for a proxy that adds it)',
							},
							{
								name: 'Query Parameter',
								value: 'query',
								description:
									'A query parameter of the URL you give AIRudder, for example ?secret=your-secret',
							},
						],
					},
					{
						displayName: 'Secret Query Parameter',
						name: 'authQueryParameter',
						type: 'string',
						default: DEFAULT_SECRET_QUERY_PARAMETER,
						description:
							'Query parameter that carries the shared secret, when Secret Location is Query Parameter (the default)',
					},
					{
						displayName: 'Shared Secret',
						name: 'sharedSecret',
						type: 'string',
						typeOptions: { password: true },
						default: '',
						description:
							'If set, every request must carry this secret (see Secret Location); a missing or wrong secret gets HTTP 401 and starts nothing',
					},
					{
						displayName: 'Trust X-Forwarded-For',
						name: 'trustForwardedFor',
						type: 'boolean',
						default: false,
						description:
							'Whether to check the first X-Forwarded-For address against the IP allowlist instead of the connection address. Turn on only behind a proxy you control that sets this header.',
					},
				],
			},
		],
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
		const receivedAt = nowIso();
		const nowMs = Date.now();
		const req = this.getRequestObject() as unknown as WebhookRequestLike;
		const res = this.getResponseObject() as unknown as WebhookResponseLike;
		const options = this.getNodeParameter('options', {}) as TriggerOptions;
		const logMeta = { node: this.getNode().name, workflowId: this.getWorkflow().id };

		// The node answers every request itself: n8n's default answer for a trigger is not `{}`.
		const answer = (status: number, body: IDataObject): IWebhookResponseData => {
			res.status(status).json(body);
			return { noWebhookResponse: true };
		};

		// 1. IP allowlist
		const allowlistText = (options.ipAllowlist ?? '').trim();
		if (allowlistText !== '') {
			const allowlist = parseAllowlist(allowlistText);
			if (allowlist.invalid.length > 0) {
				this.logger.warn(
					`AIRudder Trigger: ${allowlist.invalid.length} IP allowlist entries could not be read and match nothing: ${allowlist.invalid.join(', ')}`,
					logMeta,
				);
			}
			const ip = clientIp(req, options.trustForwardedFor === true);
			if (!ipAllowed(ip, allowlist)) {
				this.logger.info(
					`AIRudder Trigger: refused a request from ${ip ?? 'an unknown address'} (not in the IP allowlist)`,
					logMeta,
				);
				return answer(403, { error: 'Forbidden' });
			}
		}

		// 2. Shared secret
		const secret = options.sharedSecret ?? '';
		if (secret !== '') {
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
			if (!check.ok) {
				this.logger.info(
					`AIRudder Trigger: refused a request (${check.reason.toLowerCase()})`,
					logMeta,
				);
				return answer(401, { error: check.reason });
			}
		}

		// 3. Body
		const parsed = readJsonBody(req);
		if (!parsed.ok) {
			this.logger.info(`AIRudder Trigger: refused a request (${parsed.reason})`, logMeta);
			return answer(400, { error: parsed.reason });
		}
		const body = parsed.value;

		// 4. Which callback, and does the user want it?
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
			this.logger.warn(
				`AIRudder Trigger: received a callback of an unknown shape (fields: ${fields})`,
				logMeta,
			);
		}
		const selected = this.getNodeParameter('events', [...AIRUDDER_EVENTS]) as string[];
		if (!selected.includes(event)) {
			this.logger.debug(
				`AIRudder Trigger: ${event} is not selected in Events; answered without starting the workflow`,
				logMeta,
			);
			return answer(200, {});
		}

		// 5. Normalise (before recording the event: if this fails, AIRudder's retry can still get through).
		const customerTimezone = resolveTimezone(this, options.customerTimezone);
		const fields = normaliseEvent(event, body, { customerTimezone });
		const { key, eventId } = eventKey(event, body);

		// 6. Exactly once. Synchronous check-and-record; test runs (manual mode) are not deduplicated.
		const configuredWindow = Number(options.dedupeWindowMinutes ?? DEFAULT_DEDUPE_WINDOW_MINUTES);
		const windowMinutes = Number.isFinite(configuredWindow)
			? configuredWindow
			: DEFAULT_DEDUPE_WINDOW_MINUTES;
		if (windowMinutes > 0 && this.getMode() !== 'manual') {
			const node = this.getNode();
			const claim = claimEvent({
				scopeId: `${this.getWorkflow().id ?? ''}/${node.id ?? node.name}`,
				staticData: this.getWorkflowStaticData('node'),
				key,
				nowMs,
				windowMinutes,
			});
			if (claim.duplicate) {
				this.logger.debug(
					`AIRudder Trigger: repeat of ${event} ${eventId}; answered without starting the workflow`,
					logMeta,
				);
				return answer(200, {});
			}
		}

		const signature = headerValue(req.headers, 'x-airudder-sign');
		const item = buildItem({ event, eventId, signature, receivedAt }, fields, body);
		res.status(200).json({});
		return {
			noWebhookResponse: true,
			workflowData: [[{ json: item as IDataObject }]],
		};
	}
}
