/**
 * Runs the AIRudder Trigger behind a real HTTP server the way n8n does for a production webhook:
 * per request it reads the raw bytes, parses the body like n8n's body parser (`body` + `rawBody` Buffer),
 * builds an express-like request and response, creates n8n-core's WebhookContext and calls the node's
 * `webhook()`, then answers like n8n's webhook helpers (leaving the answer to the node when it returns
 * `noWebhookResponse`), and records every workflow execution the node starts.
 *
 * Two ways to hold the workflow:
 * - shared (default): one Workflow object, and so one static data object, for the whole "active workflow";
 * - perRequest: like n8n's LiveWebhooks, a new Workflow per request built from the "database" copy of the
 *   static data, which is saved back after the answer when it changed.
 * A restart is simulated by serialising the static data to JSON (`exportStaticData`) and starting a new
 * harness with it (after `resetDedupeMemory()`).
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';

import './userFolder';

import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import { HookContext, WebhookContext } from 'n8n-core';
import {
	NodeHelpers,
	Workflow,
	type IDataObject,
	type INode,
	type INodeParameters,
	type INodeType,
	type INodeTypes,
	type IVersionedNodeType,
	type IWebhookData,
	type IWebhookResponseData,
	type IWorkflowExecuteAdditionalData,
	type WorkflowActivateMode,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import { AirudderTrigger } from '../../nodes/Airudder/AirudderTrigger.node';
import { resetDedupeMemory } from '../../nodes/Airudder/trigger/dedupe';

export const NODE_TYPE = 'n8n-nodes-airudder.airudderTrigger';
export const NODE_NAME = 'AIRudder Trigger';
export const WEBHOOK_ID = '5f1c6a3e-airudder-test';
export const BASE_URL = 'http://127.0.0.1:5678';

// ---------------------------------------------------------------------------------------------------------
// Logging: n8n-core gives contexts `Container.get(Logger)`; capture what the node logs.

export interface LogEntry {
	level: 'debug' | 'info' | 'warn' | 'error';
	message: string;
	meta?: unknown;
}

export const logs: LogEntry[] = [];

const captureLogger = {
	debug: (message: string, meta?: unknown) => logs.push({ level: 'debug', message, meta }),
	info: (message: string, meta?: unknown) => logs.push({ level: 'info', message, meta }),
	warn: (message: string, meta?: unknown) => logs.push({ level: 'warn', message, meta }),
	error: (message: string, meta?: unknown) => logs.push({ level: 'error', message, meta }),
	scoped() {
		return captureLogger;
	},
};
Container.set(Logger, captureLogger as unknown as Logger);

// ---------------------------------------------------------------------------------------------------------

class TriggerNodeTypes implements INodeTypes {
	constructor(private readonly nodeType: INodeType) {}

	getByName(): INodeType | IVersionedNodeType {
		return this.nodeType;
	}

	getByNameAndVersion(): INodeType {
		return this.nodeType;
	}

	getKnownTypes() {
		return {};
	}
}

export interface HarnessOptions {
	/** Node parameters as saved by the editor (defaults are filled in). */
	parameters?: INodeParameters;
	/** Workflow time zone (settings.timezone). */
	timezone?: string;
	/** Static data the workflow starts with (e.g. loaded after a restart). */
	staticData?: IDataObject;
	/** 'webhook' = production URL (default); 'manual' = test URL. */
	mode?: WorkflowExecuteMode;
	/** A new Workflow per request, static data saved back after each answer, as n8n's LiveWebhooks does. */
	perRequestWorkflow?: boolean;
	/** perRequest mode: how long loading the workflow from the "database" takes (default 25 ms). */
	loadDelayMs?: number;
	/** Answer a malformed JSON body with 422 before the node runs, as n8n 1.x/2.x's body parser does. */
	strictBodyParser?: boolean;
	workflowId?: string;
}

export interface Execution {
	/** The items the trigger emitted (their `json`). */
	items: IDataObject[];
	at: number;
}

export interface Reply {
	status: number;
	text: string;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	json: any;
	headers: Headers;
}

export interface PostOptions {
	headers?: Record<string, string>;
	query?: Record<string, string>;
	/** Content-Type header; default application/json. `null` sends none. */
	contentType?: string | null;
}

export class TriggerHarness {
	readonly nodeType = new AirudderTrigger();
	readonly executions: Execution[] = [];
	readonly node: INode;
	/** The shared Workflow (shared mode) or the latest one built (perRequest mode). */
	workflow: Workflow;
	/** perRequest mode: the "database" copy of the workflow's static data (JSON text). */
	private storedStaticData: string;
	private server?: http.Server;
	url = '';
	/** Requests the node left unanswered (a bug: n8n would leave the caller waiting). */
	unanswered = 0;
	/** How often the static data changed during a request, so n8n would have saved it. */
	staticDataSaves = 0;
	readonly mode: WorkflowExecuteMode;

	constructor(private readonly options: HarnessOptions = {}) {
		this.mode = options.mode ?? 'webhook';
		const node: INode = {
			id: 'airudder-trigger-node-1',
			name: NODE_NAME,
			type: NODE_TYPE,
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
			webhookId: WEBHOOK_ID,
		};
		const description = this.nodeType.description;
		node.parameters =
			NodeHelpers.getNodeParameters(
				description.properties,
				options.parameters ?? {},
				true,
				false,
				node,
				description,
			) ?? {};
		this.node = node;
		this.storedStaticData = JSON.stringify(options.staticData ?? {});
		this.workflow = this.buildWorkflow(JSON.parse(this.storedStaticData) as IDataObject);
	}

	buildWorkflow(staticData: IDataObject): Workflow {
		return new Workflow({
			id: this.options.workflowId ?? 'wf-airudder-trigger',
			name: 'AIRudder callbacks',
			nodes: [this.node],
			connections: {},
			active: true,
			nodeTypes: new TriggerNodeTypes(this.nodeType),
			staticData,
			settings: { timezone: this.options.timezone ?? 'Asia/Jakarta' },
		});
	}

	additionalData(
		extra: Partial<IWorkflowExecuteAdditionalData> = {},
	): IWorkflowExecuteAdditionalData {
		return {
			executionId: undefined,
			restApiUrl: `${BASE_URL}/rest`,
			instanceBaseUrl: BASE_URL,
			webhookBaseUrl: `${BASE_URL}/webhook`,
			webhookTestBaseUrl: `${BASE_URL}/webhook-test`,
			webhookWaitingBaseUrl: `${BASE_URL}/webhook-waiting`,
			formWaitingBaseUrl: `${BASE_URL}/form-waiting`,
			variables: {},
			currentNodeParameters: undefined,
			...extra,
		} as unknown as IWorkflowExecuteAdditionalData;
	}

	webhookData(additionalData: IWorkflowExecuteAdditionalData): IWebhookData {
		const description = this.nodeType.description.webhooks![0];
		return {
			httpMethod: 'POST',
			node: this.node.name,
			path: `${WEBHOOK_ID}/${description.path}`,
			webhookDescription: description,
			workflowId: this.workflow.id,
			workflowExecuteAdditionalData: additionalData,
			webhookId: WEBHOOK_ID,
			isTest: this.mode === 'manual',
		};
	}

	/** A HookContext for the lifecycle methods (checkExists/create/delete). */
	hookContext(
		mode: WorkflowExecuteMode = 'trigger',
		activation: WorkflowActivateMode = 'activate',
	): HookContext {
		const additionalData = this.additionalData();
		return new HookContext(this.workflow, this.node, additionalData, mode, activation, {
			...this.webhookData(additionalData),
			isTest: mode === 'manual',
		});
	}

	/** The static data as n8n would store it (JSON text). */
	exportStaticData(): string {
		return this.options.perRequestWorkflow
			? this.storedStaticData
			: JSON.stringify(this.workflow.staticData);
	}

	/** The node-scoped static data (a snapshot). */
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	nodeStaticData(): Record<string, any> {
		const all = JSON.parse(this.exportStaticData()) as IDataObject;
		return (all[`node:${NODE_NAME}`] as IDataObject | undefined) ?? {};
	}

	async start(): Promise<string> {
		this.server = http.createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (chunk: Buffer) => chunks.push(chunk));
			req.on('end', () => {
				void this.handle(req, Buffer.concat(chunks), res);
			});
		});
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
		const { port } = this.server.address() as AddressInfo;
		const prefix = this.mode === 'manual' ? 'webhook-test' : 'webhook';
		this.url = `http://127.0.0.1:${port}/${prefix}/${WEBHOOK_ID}/airudder`;
		return this.url;
	}

	async stop(): Promise<void> {
		const server = this.server;
		if (!server) return;
		this.server = undefined;
		server.closeAllConnections();
		await new Promise<void>((resolve) => server.close(() => resolve()));
	}

	/** POSTs one body (an object is sent as JSON; a string or Buffer as is). */
	async post(body: unknown, options: PostOptions = {}): Promise<Reply> {
		const url = new URL(this.url);
		for (const [name, value] of Object.entries(options.query ?? {}))
			url.searchParams.set(name, value);
		const headers: Record<string, string> = { 'User-Agent': 'Airudder' };
		const contentType =
			options.contentType === undefined ? 'application/json' : options.contentType;
		if (contentType !== null) headers['Content-Type'] = contentType;
		Object.assign(headers, options.headers ?? {});
		const payload =
			typeof body === 'string' || Buffer.isBuffer(body)
				? body
				: body === undefined
					? undefined
					: JSON.stringify(body);
		const response = await fetch(url, { method: 'POST', headers, body: payload });
		const text = await response.text();
		let json: unknown;
		try {
			json = text === '' ? undefined : JSON.parse(text);
		} catch {
			json = undefined;
		}
		return { status: response.status, text, json, headers: response.headers };
	}

	// -------------------------------------------------------------------------------------------------

	/**
	 * Delivers one request without the network (same path as an HTTP request from `handle` on): for tests
	 * that send many thousands of requests.
	 */
	async deliver(body: unknown, options: PostOptions & { ip?: string } = {}): Promise<Reply> {
		const url = new URL(this.url || `${BASE_URL}/webhook/${WEBHOOK_ID}/airudder`);
		for (const [name, value] of Object.entries(options.query ?? {}))
			url.searchParams.set(name, value);
		const headers: http.IncomingHttpHeaders = { 'user-agent': 'Airudder' };
		const contentType =
			options.contentType === undefined ? 'application/json' : options.contentType;
		if (contentType !== null) headers['content-type'] = contentType;
		for (const [name, value] of Object.entries(options.headers ?? {}))
			headers[name.toLowerCase()] = value;
		const payload =
			typeof body === 'string' || Buffer.isBuffer(body)
				? body
				: body === undefined
					? ''
					: JSON.stringify(body);
		const rawBody = Buffer.isBuffer(payload) ? payload : Buffer.from(payload, 'utf8');
		const sink = new MemorySink();
		await this.handle(
			{
				method: 'POST',
				url: url.pathname + url.search,
				headers,
				socket: { remoteAddress: options.ip ?? '127.0.0.1' },
			},
			rawBody,
			sink,
		);
		let json: unknown;
		try {
			json = sink.body === '' ? undefined : JSON.parse(sink.body);
		} catch {
			json = undefined;
		}
		return { status: sink.statusCode, text: sink.body, json, headers: new Headers(sink.headers) };
	}

	private async handle(incoming: IncomingLike, rawBody: Buffer, out: ResponseSink): Promise<void> {
		const url = new URL(incoming.url ?? '/', 'http://127.0.0.1');
		const query: Record<string, string | string[]> = {};
		for (const [name, value] of url.searchParams) {
			const existing = query[name];
			if (existing === undefined) query[name] = value;
			else query[name] = Array.isArray(existing) ? [...existing, value] : [existing, value];
		}

		const response = new ExpressLikeResponse(out);

		// n8n's body parser (packages/cli/src/middlewares/body-parser.ts): the raw bytes are kept in `rawBody`,
		// JSON, text and form bodies are parsed by the (parameter-free, lower-case) content type.
		const contentType = (incoming.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
		let body: unknown;
		if (rawBody.length > 0) {
			try {
				if (contentType === 'application/json') body = JSON.parse(rawBody.toString('utf8'));
				else if (contentType === 'text/plain') body = rawBody.toString('utf8');
				else if (contentType === 'application/x-www-form-urlencoded') {
					body = Object.fromEntries(new URLSearchParams(rawBody.toString('utf8')));
				}
			} catch {
				if (this.options.strictBodyParser) {
					response.status(422).json({ code: 422, message: 'Failed to parse request body' });
					return;
				}
				body = undefined;
			}
		}
		body ??= {};

		const request = {
			method: incoming.method,
			url: incoming.url,
			headers: incoming.headers,
			query,
			params: {},
			body,
			rawBody,
			contentType,
			ip: incoming.socket.remoteAddress,
			socket: incoming.socket,
		};

		let workflow = this.workflow;
		if (this.options.perRequestWorkflow) {
			// LiveWebhooks loads the workflow (and its static data) from the database for every request; the
			// read takes a while, so requests arriving together all see the same stored copy.
			const snapshot = this.storedStaticData;
			await new Promise((resolve) => setTimeout(resolve, this.options.loadDelayMs ?? 25));
			workflow = this.buildWorkflow(JSON.parse(snapshot) as IDataObject);
			this.workflow = workflow;
		}

		const additionalData = this.additionalData({
			httpRequest: request as unknown as IWorkflowExecuteAdditionalData['httpRequest'],
			httpResponse: response as unknown as IWorkflowExecuteAdditionalData['httpResponse'],
		});
		const context = new WebhookContext(
			workflow,
			this.node,
			additionalData,
			this.mode,
			this.webhookData(additionalData),
			[],
			null,
		);

		let result: IWebhookResponseData;
		try {
			result = await this.nodeType.webhook.call(context);
		} catch (error) {
			// n8n: "Workflow Webhook Error: Workflow could not be started!" with HTTP 500.
			if (!response.answered) {
				response
					.status(500)
					.json({ code: 0, message: 'Workflow Webhook Error: Workflow could not be started!' });
			}
			logs.push({ level: 'error', message: `webhook() threw: ${(error as Error).message}` });
			return;
		}

		this.answerLikeN8n(result, response);

		// LiveWebhooks saves the static data once the answer is given, if it changed.
		const staticData = workflow.staticData as IDataObject & { __dataChanged?: boolean };
		if (staticData.__dataChanged === true) {
			this.staticDataSaves++;
			if (this.options.perRequestWorkflow) this.storedStaticData = JSON.stringify(staticData);
			staticData.__dataChanged = false;
		}

		if (result.workflowData !== undefined) {
			this.executions.push({
				items: result.workflowData[0].map((item) => item.json),
				at: Date.now(),
			});
		}
	}

	/** What n8n's webhook helpers answer for the node's result (n8n 1.x/2.x, response mode onReceived). */
	private answerLikeN8n(result: IWebhookResponseData, response: ExpressLikeResponse): void {
		if (result.noWebhookResponse === true) {
			// The node answered the request itself.
			if (!response.answered) {
				this.unanswered++;
				response
					.status(504)
					.json({ message: 'harness: the node returned noWebhookResponse but did not answer' });
			}
			return;
		}
		if (response.answered) return;
		if (result.workflowData === undefined) {
			response.status(200).json(result.webhookResponse ?? { message: 'Webhook call received' });
			return;
		}
		const description = this.nodeType.description.webhooks![0];
		const responseData = description.responseData ?? 'firstEntryJson';
		if (responseData === 'noData') response.status(200).end();
		else if (responseData) response.status(200).send(responseData);
		else response.status(200).json(result.webhookResponse ?? { message: 'Workflow was started' });
	}
}

interface IncomingLike {
	method?: string;
	url?: string;
	headers: http.IncomingHttpHeaders;
	socket: { remoteAddress?: string };
}

/** Where an answer goes: node:http's ServerResponse, or MemorySink. */
interface ResponseSink {
	statusCode: number;
	readonly headersSent: boolean;
	setHeader(name: string, value: string | number | readonly string[]): unknown;
	hasHeader(name: string): boolean;
	end(chunk?: string | Buffer): unknown;
}

class MemorySink implements ResponseSink {
	statusCode = 200;
	headersSent = false;
	headers: Record<string, string> = {};
	body = '';

	setHeader(name: string, value: string | number | readonly string[]) {
		this.headers[name.toLowerCase()] = String(value);
		return this;
	}

	hasHeader(name: string) {
		return name.toLowerCase() in this.headers;
	}

	end(chunk?: string | Buffer) {
		this.headersSent = true;
		this.body = chunk === undefined ? '' : chunk.toString();
		return this;
	}
}

/** The subset of express's Response the trigger (and n8n) use. */
/**
 * For a describe block whose tests start their own trigger behind a real HTTP server: each test begins with an empty
 * dedupe memory and log, and the trigger it started is stopped after it. `start(options)` starts one, `harness()` is
 * the one started last, `restart(options)` stops it and starts another; `one(body)` posts a callback, expects it
 * accepted (200 {}, one new execution) and returns its single item.
 */
export function triggerStartedInTest() {
	let current: TriggerHarness | undefined;
	const harness = (): TriggerHarness => {
		if (current === undefined) throw new Error('No trigger harness was started in this test');
		return current;
	};
	const start = async (options: HarnessOptions = {}): Promise<TriggerHarness> => {
		current = new TriggerHarness(options);
		await current.start();
		return current;
	};
	beforeEach(() => {
		resetDedupeMemory();
		logs.length = 0;
	});
	afterEach(async () => {
		await current?.stop();
		current = undefined;
	});
	return {
		harness,
		start,
		async restart(options: HarnessOptions): Promise<TriggerHarness> {
			await harness().stop();
			return await start(options);
		},
		// eslint-disable-next-line @typescript-eslint/no-explicit-any
		async one(body: unknown, headers: Record<string, string> = {}): Promise<any> {
			const before = harness().executions.length;
			const reply = await harness().post(body, { headers });
			expect(reply.status).toBe(200);
			expect(reply.json).toEqual({});
			expect(harness().executions.length).toBe(before + 1);
			const items = harness().executions[before].items;
			expect(items).toHaveLength(1);
			return items[0];
		},
	};
}

/** triggerStartedInTest, with a trigger of these options started before each test. */
export function triggerPerTest(options: HarnessOptions) {
	const trigger = triggerStartedInTest();
	beforeEach(async () => {
		await trigger.start(options);
	});
	return trigger;
}

export class ExpressLikeResponse {
	statusCode = 200;
	answered = false;

	constructor(private readonly out: ResponseSink) {}

	get headersSent(): boolean {
		return this.out.headersSent;
	}

	status(code: number): this {
		this.statusCode = code;
		return this;
	}

	setHeader(name: string, value: string | number | readonly string[]): this {
		this.out.setHeader(name, value);
		return this;
	}

	json(body: unknown): this {
		if (!this.out.hasHeader('content-type'))
			this.out.setHeader('Content-Type', 'application/json; charset=utf-8');
		return this.end(JSON.stringify(body));
	}

	send(body: unknown): this {
		if (typeof body === 'object' && body !== null && !Buffer.isBuffer(body)) return this.json(body);
		if (!this.out.hasHeader('content-type'))
			this.out.setHeader('Content-Type', 'text/html; charset=utf-8');
		return this.end(body === undefined ? '' : Buffer.isBuffer(body) ? body : String(body));
	}

	end(chunk?: string | Buffer): this {
		if (this.answered) throw new Error('harness: the request was answered twice');
		this.answered = true;
		this.out.statusCode = this.statusCode;
		this.out.end(chunk);
		return this;
	}
}

/** Loads an example payload from tools/simulator/examples (fresh copy every call). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function example(fileName: string): any {
	return JSON.parse(
		fs.readFileSync(
			path.join(__dirname, '..', '..', 'tools', 'simulator', 'examples', fileName),
			'utf8',
		),
	) as unknown;
}

export const EXAMPLES = {
	'workflow.statusChanged': 'workflow-status-change-notification.webhook.json',
	'workflow.contactCompleted': 'workflow-list-completion-notification.webhook.json',
	'workflow.apiNodePush': 'workflow-custom-api-node-data-push.webhook.json',
	'chatbot.sessionEnded': 'workflow-chatbot-session-end-notification.webhook.json',
	'chatbot.transferRequested': 'chatbot-callback-agent-transfer-request.webhook.json',
} as const;
