import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

/** The provider's real addresses: the credential's defaults, and the nodes' when a field is empty. */
export const LEONARDO_AI_DEFAULTS = { baseUrl: 'https://cloud.leonardo.ai/api/rest/v1' } as const;

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
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: LEONARDO_AI_DEFAULTS.baseUrl,
			description: 'Change only to go through an API gateway, a proxy or a local sandbox',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.apiKey}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/me',
		},
	};
}
