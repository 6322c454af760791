import type { IDataObject } from 'n8n-workflow';

import type { ItemCall, OperationModule } from '../../../shared/contracts';
import { isJsonObject } from '../../../shared/http/json';
import { pathSegment } from '../../../shared/input/ids';
import { collectPages } from '../../../shared/input/paging';
import { simplified } from '../../../shared/operations/simplify';
import { returnAllAndLimit } from '../../../shared/ui/fields';
import { optionsCollection, simplifyOption } from '../../../shared/ui/options';
import { forOperation } from '../../../shared/ui/properties';
import { GENERATION_FIELDS } from '../../api/generations';
import { readUserDetails } from '../../api/me';

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
		{
			displayName: 'User ID',
			name: 'userId',
			type: 'string',
			default: '',
			description: "Whose generations; the key's own user when empty",
		},
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
		const generations =
			isJsonObject(answer) && Array.isArray(answer.generations)
				? (answer.generations as IDataObject[])
				: [];
		return {
			items: generations.map((generation) => simplified(call, generation, GENERATION_FIELDS)),
			more: generations.length === PAGE_SIZE,
		};
	});
}

async function ownUserId(call: ItemCall): Promise<string> {
	const details = await readUserDetails(call);
	const id = isJsonObject(details.user) ? details.user.id : undefined;
	if (typeof id !== 'string')
		throw call.apiError('no user in the answer to GET /me; set the User ID option');
	return id;
}

export const operation: OperationModule['operation'] = { task: 'list generations', execute };
