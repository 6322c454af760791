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

/** The account's stats, below the account: the credential test, Connect and Get Stats ask for it. */
export const CLOUDFLARE_STATS_ROUTE = '/images/v1/stats';

/** What to check when the key is refused: the credential test says it, and so do refused requests. */
export const CLOUDFLARE_KEY_ADVICE: Record<number, string> = {
	400: 'Cloudflare could not read the key. For an API token, paste the token alone (no "Bearer"); for a Global API Key, fill in the email of the account too.',
	401: 'Cloudflare refused the key. Check the API token (or the email and Global API Key): copied whole, still active, and matching the Authentication Type.',
	403: 'Cloudflare refused the key for this account. Check the Account ID, and that the token has the Account → Cloudflare Images → Edit permission (or that the email and Global API Key belong together).',
};

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
			placeholder: 'e.g. 023e105f4ecef8ad9ca31a8372d0c353',
			description: 'Shown in the Cloudflare dashboard under Images → Overview, and in the URL',
		},
		{
			displayName: 'Authentication Type',
			name: 'authType',
			type: 'options',
			options: [
				{
					name: 'API Token',
					value: 'apiToken',
					description:
						'A token with the Account → Cloudflare Images → Edit permission (recommended)',
				},
				{
					name: 'Global API Key',
					value: 'globalApiKey',
					description: 'The legacy account-wide key, sent with the account email',
				},
			],
			default: 'apiToken',
			description:
				'How Cloudflare knows the key: an API token, or the Global API Key with its email',
		},
		{
			displayName: 'API Token',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'A token made under My Profile → API Tokens → Create Token, with the Account → Cloudflare Images → Edit permission',
			displayOptions: { show: { authType: ['apiToken'] } },
		},
		{
			displayName: 'Email',
			name: 'email',
			type: 'string',
			placeholder: 'e.g. name@email.com',
			default: '',
			required: true,
			description: 'The email of the Cloudflare account the Global API Key belongs to',
			displayOptions: { show: { authType: ['globalApiKey'] } },
		},
		{
			displayName: 'Global API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Under My Profile → API Tokens → Global API Key',
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
			url: `=/accounts/{{encodeURIComponent($credentials.accountId.trim())}}${CLOUDFLARE_STATS_ROUTE}`,
		},
		// n8n shows the message of the first rule whose status matches the refused test.
		rules: [
			{ type: 'responseCode', properties: { value: 400, message: CLOUDFLARE_KEY_ADVICE[400] } },
			{ type: 'responseCode', properties: { value: 401, message: CLOUDFLARE_KEY_ADVICE[401] } },
			{ type: 'responseCode', properties: { value: 403, message: CLOUDFLARE_KEY_ADVICE[403] } },
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						'No such account at this Base URL. Check the Account ID (Cloudflare dashboard → Images → Overview) and leave the Base URL at https://api.cloudflare.com/client/v4.',
				},
			},
		],
	};
}
