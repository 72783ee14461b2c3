import type { INodeProperties } from 'n8n-workflow';

import * as addContacts from './addContacts.operation';
import * as create from './create.operation';
import * as findByCaseIdOrPhone from './findByCaseIdOrPhone.operation';

export { addContacts, create, findByCaseIdOrPhone };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['workflowTask'] } },
		options: [
			{
				name: 'Add Contacts',
				value: 'addContacts',
				description: 'Add contacts to an existing workflow task; they will be called',
				action: 'Add contacts to a workflow task',
			},
			{
				name: 'Create',
				value: 'create',
				description:
					'Create a workflow task that places real calls to every input item (one contact per item)',
				action: 'Create a workflow task',
			},
			{
				name: 'Find by Case ID or Phone',
				value: 'findByCaseIdOrPhone',
				description: 'Find the workflow tasks that hold a case ID or phone number (read only)',
				action: 'Find workflow tasks by case ID or phone',
			},
		],
		default: 'create',
	},
	...create.description,
	...addContacts.description,
	...findByCaseIdOrPhone.description,
];
