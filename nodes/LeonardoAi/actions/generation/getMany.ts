import type { IDataObject } from 'n8n-workflow';

import {
	forOperation,
	optionsCollection,
	returnAllAndLimit,
	simplified,
	simplifyOption,
	type OperationModule,
} from '../../../shared/descriptions';
import { pathSegment } from '../../../shared/ids';
import type { ItemCall } from '../../../shared/ItemCall';
import { isJsonObject } from '../../../shared/json';
import { collectPages } from '../../../shared/paging';
import { GENERATION_FIELDS } from '../../generations';
import { readUserDetails } from '../../me';

const PAGE_SIZE = 50;

export const option: OperationModule['option'] = {
	name: 'Get Many',
	value: 'getMany',
	action: 'Get many generations',
	description: "List a user's generations, newest first",
};

export const description = forOperation('generation', 'getMany', [
	...returnAllAndLimit(),
	optionsCollection([
		{ displayName: 'User ID', name: 'userId', type: 'string', default: '', description: "Whose generations; the key's own user when empty" },
		simplifyOption,
	]),
]);

async function execute(call: ItemCall): Promise<IDataObject[]> {
	const userId = String(call.option('userId', '')).trim() || (await ownUserId(call));
	return await collectPages(call, async (_wanted, pageIndex) => {
		const answer = await call.requestJson({
			method: 'GET',
			path: `/generations/user/${pathSegment(userId)}`,
			qs: { offset: pageIndex * PAGE_SIZE, limit: PAGE_SIZE },
		});
		const generations = isJsonObject(answer) && Array.isArray(answer.generations) ? (answer.generations as IDataObject[]) : [];
		return {
			items: generations.map((generation) => simplified(call, generation, GENERATION_FIELDS)),
			more: generations.length === PAGE_SIZE,
		};
	});
}

async function ownUserId(call: ItemCall): Promise<string> {
	const details = await readUserDetails(call);
	const id = isJsonObject(details.user) ? details.user.id : undefined;
	if (typeof id !== 'string') throw call.failureWith('no user in the answer to GET /me; set the User ID option');
	return id;
}

export const operation: OperationModule['operation'] = { action: 'list generations', execute };
