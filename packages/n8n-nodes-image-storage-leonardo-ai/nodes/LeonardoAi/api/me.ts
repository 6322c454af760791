// Generated from nodes/LeonardoAi/api/me.ts at the repository's top level by `npm run packages`: edit that file.
import type { IDataObject } from 'n8n-workflow';

import type { ItemCall } from '../../shared/contracts';
import { succeeded } from '../../shared/http/answers';
import { isJsonObject } from '../../shared/http/json';

/** The key's user details from `GET /me` (`user_details[0]`). */
export async function readUserDetails(call: ItemCall): Promise<IDataObject> {
	const answer = await call.requestJson({ method: 'GET', path: '/me' });
	const details = userDetailsIn(answer);
	if (!details) throw call.apiError('no user details in the answer to GET /me');
	return details;
}

/**
 * The key's own user ID, from one `GET /me` per node run and account, whatever the number of
 * items; undefined when the answer names no user (each caller says what to do then).
 */
export async function ownUserId(call: ItemCall): Promise<string | undefined> {
	const { credentials } = await call.auth();
	const response = await call.once(`leonardo-me:${call.accountKey(credentials)}`, () =>
		call.request({ method: 'GET', path: '/me' }),
	);
	if (!succeeded(response, call.provider)) throw call.failure(response);
	return userIdIn(response.body);
}

/** The user ID in an answer to `GET /me`; undefined when it names none. */
export function userIdIn(answer: unknown): string | undefined {
	const user = userDetailsIn(answer)?.user;
	return isJsonObject(user) && typeof user.id === 'string' && user.id.trim() !== ''
		? user.id
		: undefined;
}

function userDetailsIn(answer: unknown): IDataObject | undefined {
	const details =
		isJsonObject(answer) && Array.isArray(answer.user_details) ? answer.user_details[0] : undefined;
	return isJsonObject(details) ? details : undefined;
}
