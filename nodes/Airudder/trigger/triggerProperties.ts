/** The AIRudder Trigger's parameters as the n8n editor shows them: the setup notice, Events, and Options. */
import type { INodeProperties } from 'n8n-workflow';

import { AIRUDDER_EVENTS } from './detectEvent';

export const DEFAULT_SECRET_QUERY_PARAMETER = 'secret';
export const DEFAULT_SECRET_HEADER = 'X-AIRudder-Secret';
export const DEFAULT_DEDUPE_WINDOW_MINUTES = 60;

/** The Options collection as n8n hands it to the node. */
export interface TriggerOptions {
	customerTimezone?: string;
	dedupeWindowMinutes?: number;
	ipAllowlist?: string;
	authHeaderName?: string;
	authLocation?: 'query' | 'header';
	authQueryParameter?: string;
	sharedSecret?: string;
	trustForwardedFor?: boolean;
}

export const triggerProperties: INodeProperties[] = [
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
				description: 'A callback of a shape this node does not recognise (passed on under "raw")',
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
];
