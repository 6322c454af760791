// Generated from nodes/LeonardoAi/api/me.ts at the repository's top level by `npm run packages`: edit that file.
import type { IDataObject } from 'n8n-workflow';

import type { ItemCall } from '../../shared/contracts';
import { isJsonObject } from '../../shared/http/json';

/** The key's user details from `GET /me` (`user_details[0]`). */
export async function readUserDetails(call: ItemCall): Promise<IDataObject> {
	const answer = await call.requestJson({ method: 'GET', path: '/me' });
	const details =
		isJsonObject(answer) && Array.isArray(answer.user_details) ? answer.user_details[0] : undefined;
	if (!isJsonObject(details)) throw call.apiError('no user details in the answer to GET /me');
	return details;
}
