import type { IHttpRequestMethods } from 'n8n-workflow';

export interface Endpoint {
	method: IHttpRequestMethods;
	path: string;
	/** Whether repeating the request cannot create, add or send anything twice. */
	retrySafe: boolean;
	/** Where the path is documented (see ../shared/airudder-api/README.md provenance marks). */
	source: string;
}

/**
 * Every AIRudder endpoint the node calls by itself. A path learned later changes here, in one line.
 * Endpoints whose path is unknown are reached through the API Request operation, never guessed.
 */
export const ENDPOINTS = {
	auth: {
		method: 'POST',
		path: '/service/cloud/auth',
		retrySafe: true,
		source: '[doc] Authentication',
	},
	createWorkflowTask: {
		method: 'POST',
		path: '/service/cloud/workflow/createinstance',
		retrySafe: false,
		source: '[doc] Create a workflow task (details: [3rd])',
	},
	addContacts: {
		method: 'POST',
		path: '/service/cloud/workflow/uploaddetails',
		retrySafe: false,
		source: '[3rd] Add contacts to a workflow task',
	},
	outboundTaskDetails: {
		method: 'POST',
		path: '/service/cloud/workflow/taskdetail',
		retrySafe: true,
		source: '[doc] Outbound task details',
	},
	findWorkflowTasks: {
		method: 'POST',
		path: '/service/cloud/workflow/detailinstances',
		retrySafe: true,
		source: '[doc] Find workflow ids by case id / phone',
	},
	apiNodeData: {
		method: 'POST',
		path: '/service/cloud/workflow/apinoticeinfo',
		retrySafe: true,
		source: '[doc] Re-read the Custom API Node push',
	},
	sendTemplate: {
		method: 'POST',
		path: '/api/v1/template/send',
		retrySafe: false,
		source: '[doc] Send template message',
	},
} satisfies Record<string, Endpoint>;

/** Body codes that mean the token is missing, unreadable, invalid or expired. */
export const TOKEN_REJECTED_CODES = new Set([10810, 10811, 10812, 10813]);

/** Body code for "number of queries exceeds the limit": a rate limit, like HTTP 429. */
export const QUERY_LIMIT_CODE = 10705;

/** Chatbot (WhatsApp) endpoints live under /api/ and take the Chatbot API Key; all others take the token. */
export function usesChatbotKey(path: string): boolean {
	return path.startsWith('/api/');
}
