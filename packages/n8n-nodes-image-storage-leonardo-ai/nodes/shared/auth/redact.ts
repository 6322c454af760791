// Generated from nodes/shared/auth/redact.ts at the repository's top level by `npm run packages`: edit that file.
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import type { ProviderProfile } from '../contracts';

/** Replaces every secret the run knows with `***`: a provider could echo a key back. */
export function redact(text: string, secrets: Iterable<string>): string {
	let result = text;
	for (const secret of secrets) {
		if (secret.length >= 4) result = result.split(secret).join('***');
	}
	return result;
}

/** The secrets a provider's credentials hold (its `secretFields`, where set). */
export function secretValues(
	provider: ProviderProfile,
	credentials: ICredentialDataDecryptedObject,
): string[] {
	return provider.secretFields
		.map((field) => credentials[field])
		.filter((value): value is string => typeof value === 'string' && value !== '');
}
