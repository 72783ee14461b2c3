import type { IDataObject } from 'n8n-workflow';

import { toStringValue } from './stringValue';

/** AIRudder's own contact fields (the ones its callbacks echo back), by node parameter name. */
export const CONTACT_FIELDS: Array<{
	name: string;
	key: string;
	displayName: string;
	description: string;
}> = [
	{
		name: 'caseId',
		key: 'case_id',
		displayName: 'Case ID',
		description: 'Your reference for this contact, e.g. the loan or order number',
	},
	{
		name: 'customerName',
		key: 'customer_name',
		displayName: 'Customer Name',
		description: 'Name the voice bot may use',
	},
	{
		name: 'gender',
		key: 'gender',
		displayName: 'Gender',
		description: 'Customer gender as AIRudder expects it, e.g. MALE or FEMALE',
	},
	{
		name: 'platform',
		key: 'platform',
		displayName: 'Platform',
		description: 'Platform or product name the bot may mention',
	},
	{ name: 'extraA', key: 'extra_a', displayName: 'Extra A', description: 'Free field extra_a' },
	{ name: 'extraB', key: 'extra_b', displayName: 'Extra B', description: 'Free field extra_b' },
	{ name: 'extraC', key: 'extra_c', displayName: 'Extra C', description: 'Free field extra_c' },
	{ name: 'comments', key: 'comments', displayName: 'Comments', description: 'Free comments' },
	{
		name: 'borrowedDate',
		key: 'borrowed_date',
		displayName: 'Borrowed Date',
		description: 'Debt collection: date of the loan, e.g. 2024-02-01',
	},
	{
		name: 'dueDate',
		key: 'due_date',
		displayName: 'Due Date',
		description: 'Debt collection: due date, e.g. 2024-03-07',
	},
	{
		name: 'borrowedAmount',
		key: 'borrowed_amount',
		displayName: 'Borrowed Amount',
		description: 'Debt collection: amount borrowed, e.g. 20000.00',
	},
	{
		name: 'totalOwingAmount',
		key: 'total_owing_amount',
		displayName: 'Total Owing Amount',
		description: 'Debt collection: amount owed now',
	},
	{
		name: 'currencyUnit',
		key: 'currency_unit',
		displayName: 'Currency Unit',
		description: 'Debt collection: currency, e.g. USD or IDR',
	},
];

/** One contact of a workflow task: callee, AIRudder's own fields and the variables, as strings. */
export function buildContact(
	phone: string,
	fields: IDataObject,
	variables: IDataObject,
): IDataObject {
	const contact: IDataObject = { callee: phone };
	for (const field of CONTACT_FIELDS) {
		const value = toStringValue(fields[field.name]);
		if (value !== undefined) contact[field.key] = value;
	}
	const vars: IDataObject = {};
	for (const [name, value] of Object.entries(variables)) {
		const text = toStringValue(value);
		if (name !== '' && text !== undefined) vars[name] = text;
	}
	if (Object.keys(vars).length > 0) contact.variables = vars;
	return contact;
}
