/**
 * The package's node descriptions, read from the fresh build (dist/), so workflow JSON can be checked against them:
 * n8n silently ignores a parameter name a node does not have, so a renamed parameter would otherwise turn into a
 * default value without any error.
 */
import * as path from 'node:path';

import { REPO_ROOT } from './paths';
import type { WorkflowJson } from './workflows';

interface Property {
	name: string;
	type: string;
	options?: Array<Property | { name: string; value?: unknown; values?: Property[] }>;
	values?: Property[];
}

interface Description {
	name: string;
	properties: Property[];
	webhooks?: Array<{ name: string; path: string; httpMethod: string }>;
}

function load(file: string, className: string): Description {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const module = require(path.join(REPO_ROOT, 'dist', 'nodes', 'Airudder', file)) as Record<
		string,
		new () => { description: Description }
	>;
	return new module[className]().description;
}

export interface PackageDescriptions {
	action: Description;
	trigger: Description;
	/** The trigger's webhook path (the last part of its production URL). */
	webhookPath: string;
}

export function packageDescriptions(): PackageDescriptions {
	const action = load('Airudder.node.js', 'Airudder');
	const trigger = load('AirudderTrigger.node.js', 'AirudderTrigger');
	const webhookPath = trigger.webhooks?.[0]?.path;
	if (!webhookPath) throw new Error('the AIRudder Trigger description has no webhook path');
	return { action, trigger, webhookPath };
}

function checkValues(
	values: Record<string, unknown>,
	properties: Property[],
	at: string,
	problems: string[],
): void {
	for (const [key, value] of Object.entries(values)) {
		const candidates = properties.filter((p) => p.name === key);
		if (candidates.length === 0) {
			problems.push(
				`${at}${key}: no such parameter (known: ${[...new Set(properties.map((p) => p.name))].join(', ')})`,
			);
			continue;
		}
		if (!value || typeof value !== 'object' || Array.isArray(value)) continue;
		const collections = candidates.filter((p) => p.type === 'collection');
		const fixed = candidates.filter((p) => p.type === 'fixedCollection');
		if (collections.length > 0) {
			checkValues(
				value as Record<string, unknown>,
				collections.flatMap((p) => (p.options ?? []) as Property[]),
				`${at}${key}.`,
				problems,
			);
		} else if (fixed.length > 0) {
			const groups = fixed.flatMap(
				(p) => (p.options ?? []) as Array<{ name: string; values?: Property[] }>,
			);
			for (const [groupName, entries] of Object.entries(value as Record<string, unknown>)) {
				const group = groups.filter((g) => g.name === groupName);
				if (group.length === 0) {
					problems.push(`${at}${key}.${groupName}: no such group`);
					continue;
				}
				const rows = Array.isArray(entries) ? entries : [entries];
				for (const row of rows) {
					if (row && typeof row === 'object')
						checkValues(
							row as Record<string, unknown>,
							group.flatMap((g) => g.values ?? []),
							`${at}${key}.${groupName}.`,
							problems,
						);
				}
			}
		}
	}
}

/** Every parameter an AIRudder node of the workflows sets exists in the node's description. */
export function checkWorkflowParameters(
	workflows: WorkflowJson[],
	descriptions: PackageDescriptions,
): string[] {
	const problems: string[] = [];
	for (const workflow of workflows) {
		for (const node of workflow.nodes) {
			const description = /\.airudderTrigger$/.test(node.type)
				? descriptions.trigger
				: /\.airudder$/.test(node.type)
					? descriptions.action
					: undefined;
			if (!description) continue;
			checkValues(
				node.parameters,
				description.properties,
				`${workflow.name} / ${node.name}: `,
				problems,
			);
		}
	}
	return problems;
}
