import type {
	ICredentialDataDecryptedObject,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

/** The provider's real addresses: the credential's defaults, and the nodes' when a field is empty. */
export const LEONARDO_AI_DEFAULTS = { baseUrl: 'https://cloud.leonardo.ai/api/rest/v1' } as const;

/** The key's own user: the credential test, Connect, User → Get and the check of By URL ask for it. */
export const LEONARDO_ME_ROUTE = '/me';

/** What to check when the key is refused: the credential test says it, and so do refused requests. */
export const LEONARDO_KEY_ADVICE: Record<number, string> = {
	401: 'Leonardo AI refused the API key. Check that it is copied whole from Leonardo AI → API Access and has not been deleted.',
};

export class LeonardoAiApi implements ICredentialType {
	name = 'leonardoAiApi';

	displayName = 'Leonardo AI API';

	icon: Icon = { light: 'file:../icons/leonardoAi.svg', dark: 'file:../icons/leonardoAi.dark.svg' };

	documentationUrl = 'https://docs.leonardo.ai/docs/create-your-api-key';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The key made under Leonardo AI → API Access; it is shown only once',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: LEONARDO_AI_DEFAULTS.baseUrl,
			description: 'Change only to go through an API gateway, a proxy or a local sandbox',
		},
	];

	// A function, not a generic block: n8n evaluates a generic block's expressions for every
	// request, which costs more than the request itself in bulk work.
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const authorization = `Bearer ${String(credentials.apiKey)}`;
		return {
			...requestOptions,
			headers: { ...requestOptions.headers, Authorization: authorization },
		};
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: LEONARDO_ME_ROUTE,
		},
		// n8n shows the message of the first rule whose status matches the refused test.
		rules: [
			{ type: 'responseCode', properties: { value: 401, message: LEONARDO_KEY_ADVICE[401] } },
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						'Nothing answers at this Base URL. Leave it at https://cloud.leonardo.ai/api/rest/v1.',
				},
			},
		],
	};
}
