import type {
	ICredentialDataDecryptedObject,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

/** The provider's real addresses: the credential's defaults, and the nodes' when a field is empty. */
export const IMAGEKIT_DEFAULTS = {
	baseUrl: 'https://api.imagekit.io',
	uploadBaseUrl: 'https://upload.imagekit.io',
} as const;

/** The media library's files: the list, and the credential test's and Connect's key check. */
export const IMAGEKIT_FILES_ROUTE = '/v1/files';

/** What to check when the key is refused: the credential test says it, and so do refused requests. */
export const IMAGEKIT_KEY_ADVICE: Record<number, string> = {
	401: 'ImageKit received no private key. Fill in the Private Key from ImageKit → Developer options.',
	403: 'ImageKit refused the private key. Use the Private Key (it starts with "private_"), not the public key, from ImageKit → Developer options.',
};

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
			placeholder: 'e.g. private_lZC8KnmL5o8FNWtJ4kpE1tB2s6k=',
			description: 'The Private Key under ImageKit → Developer options (not the public key)',
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

	// ImageKit uses HTTP Basic with the private key as user name and an empty password. A
	// function, not a generic block: n8n evaluates a generic block's expressions for every request.
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		return { ...requestOptions, auth: { username: String(credentials.privateKey), password: '' } };
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: IMAGEKIT_FILES_ROUTE,
			qs: { limit: 1 },
		},
		// n8n shows the message of the first rule whose status matches the refused test.
		rules: [
			{ type: 'responseCode', properties: { value: 401, message: IMAGEKIT_KEY_ADVICE[401] } },
			{ type: 'responseCode', properties: { value: 403, message: IMAGEKIT_KEY_ADVICE[403] } },
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message: 'Nothing answers at this Base URL. Leave it at https://api.imagekit.io.',
				},
			},
		],
	};
}
