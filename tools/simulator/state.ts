/**
 * In-memory state of the simulated AIRudder account, shared by the handlers of every area.
 */

/** One contact of a workflow task, stored as uploaded. */
export interface Contact {
	callee: string;
	variables?: Record<string, string>;
	case_id?: unknown;
	[key: string]: unknown;
}

export interface SimTask {
	workflow_id: string;
	/** The one call task (voice-bot node task) of this workflow; use it with /workflow/taskdetail. */
	call_task_id: string;
	/** Node task id of the simulated call node. */
	nodetask_id: string;
	name: string;
	workflow_template_id: number;
	workflow_template_name?: string;
	workflow_name?: string;
	/** As sent: 'YYYY-MM-DD HH:mm:ss±hh:mm'. */
	end_time: string;
	/** end_time as epoch ms. */
	end_time_ms: number;
	/** UTC offset (minutes) of end_time; used as the customer-local time zone of call records. */
	utc_offset_minutes: number;
	auto_finish: number;
	contacts: Contact[];
	/** Epoch ms. */
	created_at: number;
}

export type ExpireMode = 'http401' | 'code10813';

export interface TokenInfo {
	expiresAt: number;
	revoked: boolean;
}

export interface SimCredentials {
	appKey: string;
	appSecret: string;
	chatbotApiKey: string;
}

export interface SimState {
	readonly credentials: SimCredentials;
	readonly maxContacts: number;
	readonly tasks: Map<string, SimTask>;
	/** Bodies of accepted POST /api/v1/template/send requests, in order. */
	readonly sentTemplates: unknown[];
	readonly tokens: Map<string, TokenInfo>;
	currentToken: string | undefined;
	expiredMode: ExpireMode;
}

export function createState(credentials: SimCredentials, maxContacts: number): SimState {
	return {
		credentials,
		maxContacts,
		tasks: new Map(),
		sentTemplates: [],
		tokens: new Map(),
		currentToken: undefined,
		expiredMode: 'http401',
	};
}

/** Empties the state in place: the Map and array handed out by the Simulator stay the same objects. */
export function resetState(state: SimState): void {
	state.tasks.clear();
	state.sentTemplates.length = 0;
	state.tokens.clear();
	state.currentToken = undefined;
	state.expiredMode = 'http401';
}
