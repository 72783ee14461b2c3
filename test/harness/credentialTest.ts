/**
 * Runs a credential's declarative test the way n8n's CredentialsTester does (packages/cli): a NoOp node
 * whose one property routes the test request, executed by n8n-core's RoutingNode with the credential's
 * preAuthentication and authenticate, then the test's rules applied to the answer.
 */
import { ExecuteContext, RoutingNode } from 'n8n-core';
import {
	Workflow,
	createRunExecutionData,
	type ICredentialDataDecryptedObject,
	type ICredentialTestRequest,
	type ICredentialsDecrypted,
	type IExecuteData,
	type INode,
	type INodeType,
} from 'n8n-workflow';

import {
	CREDENTIAL_ID,
	CredentialStore,
	TestNodeTypes,
	createAdditionalData,
	releaseTimers,
} from './executeContext';

export interface CredentialTestResult {
	status: 'OK' | 'Error';
	message: string;
}

type Rule = { type: string; properties: { key?: string; value: unknown; message: string } };

export async function testCredential(
	typeName: string,
	test: ICredentialTestRequest,
	data: ICredentialDataDecryptedObject,
): Promise<CredentialTestResult> {
	const store = new CredentialStore();
	store.set(CREDENTIAL_ID, typeName, data);
	const nodeType: INodeType = {
		description: {
			displayName: 'No Operation, do nothing',
			name: 'n8n-nodes-base.noOp',
			group: ['organization'],
			version: 1,
			description: 'No Operation',
			defaults: { name: 'No Operation, do nothing' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: typeName, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					routing: { request: test.request },
					default: '',
				},
			],
		},
	};
	const node: INode = {
		id: 'temp',
		parameters: {},
		name: 'Temp-Node',
		type: 'n8n-nodes-base.noOp',
		typeVersion: 1,
		position: [0, 0],
		credentials: { [typeName]: { id: CREDENTIAL_ID, name: 'AIRudder account' } },
	};
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: new TestNodeTypes({ 'n8n-nodes-base.noOp': nodeType }),
	});
	const inputData = { main: [[{ json: {} }]] };
	const executeData = { node, data: {}, source: null } as unknown as IExecuteData;
	const context = new ExecuteContext(
		workflow,
		node,
		createAdditionalData(store),
		'internal',
		createRunExecutionData(),
		0,
		[],
		inputData,
		executeData,
		[],
	);
	releaseTimers();
	const decrypted: ICredentialsDecrypted = {
		id: CREDENTIAL_ID,
		name: 'AIRudder account',
		type: typeName,
		data: structuredClone(data),
	};
	const rules = (test.rules ?? []) as Rule[];
	let response: Awaited<ReturnType<RoutingNode['runNode']>>;
	try {
		response = await new RoutingNode(context, nodeType, decrypted).runNode();
	} catch (error) {
		const cause = (
			error as { cause?: { response?: { status: number; statusText?: string }; code?: string } }
		).cause;
		if (cause?.response) {
			const status = cause.response.status;
			const rule = rules.find((r) => r.type === 'responseCode' && r.properties.value === status);
			if (rule) return { status: 'Error', message: rule.properties.message };
			if (status < 199 || status > 299) {
				return {
					status: 'Error',
					message: cause.response.statusText || `Received HTTP status code: ${status}`,
				};
			}
		} else if (cause?.code) {
			return { status: 'Error', message: cause.code };
		}
		return { status: 'Error', message: (error as Error).message };
	}
	const json = response?.[0]?.[0]?.json ?? {};
	for (const rule of rules) {
		if (
			rule.type === 'responseSuccessBody' &&
			json[rule.properties.key!] === rule.properties.value
		) {
			return { status: 'Error', message: rule.properties.message };
		}
	}
	return { status: 'OK', message: 'Connection successful!' };
}
