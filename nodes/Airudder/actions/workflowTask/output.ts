import type { INodeExecutionData } from 'n8n-workflow';

import type { BatchReport } from '../../transport/batching';
import { errorJson } from '../common';

/** Contacts of a failed batch, and those after it that were never sent, as error items. */
export function failedBatchItems(
	failed: BatchReport['failed'],
	workflowId: string,
): INodeExecutionData[] {
	if (!failed) return [];
	const json = errorJson(failed.error);
	const failedItems = failed.entries.map((entry) => ({
		json: { ...json, workflow_id: workflowId },
		pairedItem: { item: entry.itemIndex },
	}));
	const notSent = failed.notSent.map((entry) => ({
		json: { error: 'Not sent: an earlier batch failed', workflow_id: workflowId },
		pairedItem: { item: entry.itemIndex },
	}));
	return [...failedItems, ...notSent];
}
