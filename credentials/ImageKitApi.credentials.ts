import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

/** The provider's real addresses: the credential's defaults, and the nodes' when a field is empty. */
export const IMAGEKIT_DEFAULTS = {
	baseUrl: 'https://api.imagekit.io',
	uploadBaseUrl: 'https://upload.imagekit.io',
} as const;

export class ImageKitApi implements ICredentialType {
	name = 'imageKitApi';

	displayName = 'ImageKit API';

	icon: Icon = { light: 'file:../icons/imageKit.svg', dark: 'file:../icons/imageKit.dark.svg' };

	documentationUrl = 'https://imagekit.io/docs/api-keys';

	properties: INodeProperties[] = [
		{
			displayName: 'Private Key',
			name: 'privateKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: IMAGEKIT_DEFAULTS.baseUrl,
			description: 'Change only to go through an API gateway, a proxy or a local sandbox',
		},
		{
			displayName: 'Upload Base URL',
			name: 'uploadBaseUrl',
			type: 'string',
			default: IMAGEKIT_DEFAULTS.uploadBaseUrl,
			description: 'Host that receives file uploads',
		},
	];

	// ImageKit uses HTTP Basic with the private key as user name and an empty password.
	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			auth: {
				username: '={{$credentials.privateKey}}',
				password: '',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/v1/files',
			qs: { limit: 1 },
		},
	};
}
