import type { IHttpRequestMethods } from 'n8n-workflow';

export interface Endpoint {
	method: IHttpRequestMethods;
	path: string;
	/** Whether repeating the request cannot create, add or send anything twice. */
	retrySafe: boolean;
}

/**
 * Every AIRudder endpoint the node calls by itself. A path learned later changes here, in one line.
 * Endpoints whose path is unknown are reached through the API Request operation, never guessed.
 * The comments give each path's provenance mark in the shared AIRudder API notes ([doc] or [3rd]).
 */
export const ENDPOINTS = {
	// [doc] Authentication
	auth: {
		method: 'POST',
		path: '/service/cloud/auth',
		retrySafe: true,
	},
	// [doc] Create a workflow task (details: [3rd])
	createWorkflowTask: {
		method: 'POST',
		path: '/service/cloud/workflow/createinstance',
		retrySafe: false,
	},
	// [3rd] Add contacts to a workflow task
	addContacts: {
		method: 'POST',
		path: '/service/cloud/workflow/uploaddetails',
		retrySafe: false,
	},
	// [doc] Outbound task details
	outboundTaskDetails: {
		method: 'POST',
		path: '/service/cloud/workflow/taskdetail',
		retrySafe: true,
	},
	// [doc] Find workflow ids by case id / phone
	findWorkflowTasks: {
		method: 'POST',
		path: '/service/cloud/workflow/detailinstances',
		retrySafe: true,
	},
	// [doc] Re-read the Custom API Node push
	apiNodeData: {
		method: 'POST',
		path: '/service/cloud/workflow/apinoticeinfo',
		retrySafe: true,
	},
	// [doc] Send template message
	sendTemplate: {
		method: 'POST',
		path: '/api/v1/template/send',
		retrySafe: false,
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
