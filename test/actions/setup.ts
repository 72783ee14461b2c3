import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { Airudder } from '../../nodes/Airudder/Airudder.node';
import {
	startSimulator,
	type Simulator,
	type SimulatorOptions,
} from '../../tools/simulator/server';
import { CREDENTIAL_ID, CredentialStore, credentialData, runNode } from '../harness/executeContext';

export interface Fixture {
	sim: Simulator;
	store: CredentialStore;
	run: (
		parameters: INodeParameters,
		items?: INodeExecutionData[],
		options?: { continueOnFail?: boolean; timezone?: string },
	) => Promise<INodeExecutionData[]>;
	close: () => Promise<void>;
}

/** A simulator, a stored AIRudder credential pointing at it, and a way to run the AIRudder node. */
export async function fixture(
	options: SimulatorOptions = {},
	overrides: Partial<Record<string, string>> = {},
): Promise<Fixture> {
	const sim = await startSimulator(options);
	const store = new CredentialStore();
	store.set(CREDENTIAL_ID, 'airudderApi', credentialData(sim, overrides));
	const node = new Airudder();
	return {
		sim,
		store,
		run: async (parameters, items, runOptions = {}) => {
			const { output } = await runNode(node, { store, parameters, items, ...runOptions });
			return output[0];
		},
		close: async () => await sim.close(),
	};
}

export function contactsItems(count: number, start = 0): INodeExecutionData[] {
	return Array.from({ length: count }, (_, i) => ({
		json: {
			phone: `+62 812-${String(start + i).padStart(7, '0')}`,
			case_id: `case-${start + i}`,
			name: `Customer ${start + i}`,
		} as IDataObject,
	}));
}

export function futureEndTime(days = 2): string {
	return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 19);
}

export function createParameters(extra: INodeParameters = {}): INodeParameters {
	return {
		resource: 'workflowTask',
		operation: 'create',
		workflowTemplateId: 42,
		name: `task_${Math.random().toString(36).slice(2, 10)}`,
		endTime: futureEndTime(),
		phone: '={{ $json.phone }}',
		contactFields: { caseId: '={{ $json.case_id }}', customerName: '={{ $json.name }}' },
		...extra,
	};
}
