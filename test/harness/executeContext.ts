/**
 * Runs our nodes through n8n's own execution code (n8n-core's ExecuteContext and its request helpers),
 * with a credentials helper that behaves like n8n's CredentialsHelper (packages/cli): it stores
 * credentials like the database does, runs the credential's preAuthentication when the expirable
 * token is empty or expired, persists the new token, and applies the credential's authenticate.
 */
import './userFolder';

import { ExecuteContext } from 'n8n-core';
import {
	ICredentialsHelper,
	NodeHelpers,
	Workflow,
	createRunExecutionData,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type ICredentials,
	type ICredentialsExpressionResolveValues,
	type IExecuteData,
	type IHttpRequestHelper,
	type IHttpRequestOptions,
	type INode,
	type INodeCredentialsDetails,
	type INodeExecutionData,
	type INodeParameters,
	type INodeProperties,
	type INodeType,
	type INodeTypes,
	type IRequestOptionsSimplified,
	type IVersionedNodeType,
	type IWorkflowExecuteAdditionalData,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import { AirudderApi } from '../../credentials/AirudderApi.credentials';

export const CREDENTIAL_ID = 'cred-airudder-1';

/** What n8n keeps in its credentials table, plus a count of writes (token refreshes persist here). */
export class CredentialStore {
	private readonly rows = new Map<string, { type: string; data: ICredentialDataDecryptedObject }>();

	writes = 0;

	set(id: string, type: string, data: ICredentialDataDecryptedObject) {
		this.rows.set(id, { type, data: structuredClone(data) });
	}

	get(id: string): ICredentialDataDecryptedObject {
		const row = this.rows.get(id);
		if (!row) throw new Error(`Credential ${id} not found`);
		return structuredClone(row.data);
	}

	update(id: string, data: ICredentialDataDecryptedObject) {
		const row = this.rows.get(id);
		if (!row) throw new Error(`Credential ${id} not found`);
		row.data = structuredClone(data);
		this.writes++;
	}
}

const credentialTypes: Record<string, ICredentialType> = { airudderApi: new AirudderApi() };

export class TestCredentialsHelper extends ICredentialsHelper {
	constructor(private readonly store: CredentialStore) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
	): Promise<IHttpRequestOptions> {
		const type = credentialTypes[typeName];
		if (typeof type.authenticate !== 'function')
			throw new Error('only function authenticate is used here');
		return await type.authenticate(credentials, requestOptions as IHttpRequestOptions);
	}

	// Same decision as n8n's CredentialsHelper.preAuthentication.
	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = credentialTypes[typeName];
		const expirable = type.properties.find(
			(p) => p.type === 'hidden' && p.typeOptions?.expirable === true,
		);
		if (!expirable || typeof type.preAuthentication !== 'function') return undefined;
		// n8n's credential test (a NoOp node with a "temp" parameter) always runs preAuthentication.
		const isTestingCredentials =
			node?.parameters?.temp === '' && node?.type === 'n8n-nodes-base.noOp';
		if (credentials[expirable.name] !== '' && !credentialsExpired && !isTestingCredentials)
			return undefined;
		const output = await type.preAuthentication.call(helpers, credentials);
		if (output[expirable.name] === undefined) return undefined;
		if (node.credentials) {
			const details = node.credentials[typeName];
			await this.updateCredentials(details, typeName, Object.assign(credentials, output));
			return Object.assign(credentials, output);
		}
		return undefined;
	}

	async getCredentials(): Promise<ICredentials> {
		throw new Error('not used');
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		_type: string,
		_mode: WorkflowExecuteMode,
		_executeData?: IExecuteData,
		_raw?: boolean,
		_expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		return this.store.get(nodeCredentials.id!);
	}

	async updateCredentials(
		nodeCredentials: INodeCredentialsDetails,
		_type: string,
		data: ICredentialDataDecryptedObject,
	) {
		this.store.update(nodeCredentials.id!, data);
	}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(type: string): INodeProperties[] {
		return credentialTypes[type].properties;
	}
}

export class TestNodeTypes implements INodeTypes {
	constructor(private readonly types: Record<string, INodeType>) {}

	getByName(name: string): INodeType | IVersionedNodeType {
		return this.types[name];
	}

	getByNameAndVersion(name: string): INodeType {
		return this.types[name];
	}

	getKnownTypes() {
		return {};
	}
}

export interface RunOptions {
	store: CredentialStore;
	parameters: INodeParameters;
	items?: INodeExecutionData[];
	continueOnFail?: boolean;
	timezone?: string;
	typeVersion?: number;
}

export interface RunResult {
	output: INodeExecutionData[][];
	context: ExecuteContext;
}

let runCounter = 0;

/** n8n-core's SSH client manager keeps a cleanup interval; let it not hold the test process open. */
export function releaseTimers() {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { SSHClientsManager } = require('n8n-core/dist/execution-engine/ssh-clients-manager');
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { Container } = require('@n8n/di');
	const manager = Container.get(SSHClientsManager) as { cleanupTimer?: { unref?: () => void } };
	manager.cleanupTimer?.unref?.();
}

export function createAdditionalData(store: CredentialStore): IWorkflowExecuteAdditionalData {
	return {
		credentialsHelper: new TestCredentialsHelper(store),
		executionId: `exec-${runCounter}`,
		restApiUrl: 'http://127.0.0.1',
		webhookBaseUrl: 'http://127.0.0.1/webhook',
		webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
		webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
		formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
		variables: {},
		instanceBaseUrl: 'http://127.0.0.1',
		currentNodeParameters: undefined,
	} as unknown as IWorkflowExecuteAdditionalData;
}

/** Executes one node the way n8n's WorkflowExecute does for a node with a single main input. */
export async function runNode(nodeType: INodeType, options: RunOptions): Promise<RunResult> {
	const typeName = `n8n-nodes-airudder.${nodeType.description.name}`;
	const node: INode = {
		id: `node-${++runCounter}`,
		name: nodeType.description.displayName,
		type: typeName,
		typeVersion: options.typeVersion ?? (nodeType.description.version as number),
		position: [0, 0],
		parameters: {},
		credentials: { airudderApi: { id: CREDENTIAL_ID, name: 'AIRudder account' } },
		continueOnFail: options.continueOnFail ?? false,
	};
	// Parameters get their defaults filled in, as the editor does when a node is saved.
	node.parameters =
		NodeHelpers.getNodeParameters(
			nodeType.description.properties,
			options.parameters,
			true,
			false,
			node,
			nodeType.description,
		) ?? options.parameters;
	const workflow = new Workflow({
		id: 'wf-test',
		name: 'test',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: new TestNodeTypes({ [typeName]: nodeType }),
		settings: { timezone: options.timezone ?? 'Asia/Jakarta' },
	});
	const additionalData = createAdditionalData(options.store);
	const items = options.items ?? [{ json: {} }];
	const inputData = { main: [items] };
	const executeData: IExecuteData = {
		node,
		data: inputData,
		source: { main: [{ previousNode: 'Start' }] },
	};
	const runExecutionData = createRunExecutionData();
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'manual',
		runExecutionData,
		0,
		items,
		inputData,
		executeData,
		[],
	);
	releaseTimers();
	const output = (await nodeType.execute!.call(context)) as INodeExecutionData[][];
	return { output, context };
}

export function credentialData(
	sim: { url: string; credentials: { appKey: string; appSecret: string; chatbotApiKey: string } },
	overrides: Partial<Record<string, string>> = {},
): ICredentialDataDecryptedObject {
	return {
		baseUrl: sim.url,
		appKey: sim.credentials.appKey,
		appSecret: sim.credentials.appSecret,
		chatbotApiKey: sim.credentials.chatbotApiKey,
		token: '',
		...overrides,
	};
}
