import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

/** The provider's real addresses: the credential's defaults, and the nodes' when a field is empty. */
export const CLOUDFLARE_IMAGES_DEFAULTS = {
	baseUrl: 'https://api.cloudflare.com/client/v4',
	batchBaseUrl: 'https://batch.imagedelivery.net',
} as const;

export class CloudflareImagesApi implements ICredentialType {
	name = 'cloudflareImagesApi';

	displayName = 'Cloudflare Images API';

	icon: Icon = {
		light: 'file:../icons/cloudflareImages.svg',
		dark: 'file:../icons/cloudflareImages.dark.svg',
	};

	documentationUrl = 'https://developers.cloudflare.com/fundamentals/api/get-started/create-token/';

	properties: INodeProperties[] = [
		{
			displayName: 'Account ID',
			name: 'accountId',
			type: 'string',
			default: '',
			required: true,
		},
		{
			displayName: 'Authentication Type',
			name: 'authType',
			type: 'options',
			options: [
				{
					name: 'API Token',
					value: 'apiToken',
					description: 'A token with the "Images Write" permission (recommended)',
				},
				{
					name: 'Global API Key',
					value: 'globalApiKey',
					description: 'The legacy account-wide key, sent with the account email',
				},
			],
			default: 'apiToken',
		},
		{
			displayName: 'API Token',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { authType: ['apiToken'] } },
		},
		{
			displayName: 'Email',
			name: 'email',
			type: 'string',
			placeholder: 'name@email.com',
			default: '',
			displayOptions: { show: { authType: ['globalApiKey'] } },
		},
		{
			displayName: 'Global API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { authType: ['globalApiKey'] } },
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: CLOUDFLARE_IMAGES_DEFAULTS.baseUrl,
			description: 'Change only to go through an API gateway, a proxy or a local sandbox',
		},
		{
			displayName: 'Batch Base URL',
			name: 'batchBaseUrl',
			type: 'string',
			default: CLOUDFLARE_IMAGES_DEFAULTS.batchBaseUrl,
			description: 'Host of the Images batch API, used for bulk work',
		},
	];

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const headers =
			credentials.authType === 'globalApiKey'
				? { 'X-Auth-Email': String(credentials.email), 'X-Auth-Key': String(credentials.apiKey) }
				: { Authorization: `Bearer ${String(credentials.apiToken)}` };
		return { ...requestOptions, headers: { ...requestOptions.headers, ...headers } };
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '=/accounts/{{encodeURIComponent($credentials.accountId.trim())}}/images/v1/stats',
		},
	};
}
