// @ts-check
'use strict';
/**
 * ImageKit, imitated: files (list, details, delete, batch delete), purges, and the upload host;
 * two accounts, each with its own key, URL endpoint and files.
 */
const { randomBytes } = require('node:crypto');

const { KEYS, countDelete, parseMultipart, send, splitPath } = require('./core');
const { SANDBOX_ACCOUNTS, WORDS } = require('../test/fixtures/providers');

/**
 * Two accounts, as two private keys: each has its own URL endpoint (the start of its files'
 * URLs) and sees only its own files. `main` is the one the sandbox credential uses.
 */
const ACCOUNTS = {
	main: { privateKey: KEYS.imagekit, endpoint: SANDBOX_ACCOUNTS.imagekitEndpoint },
	second: { privateKey: KEYS.imagekitSecond, endpoint: SANDBOX_ACCOUNTS.imagekitSecondEndpoint },
};

function emptyState() {
	return {
		/** Each account's files by id. @type {Record<string, Map<string, any>>} */
		files: { main: new Map(), second: new Map() },
		/** @type {Map<string, any>} */ purges: new Map(),
	};
}

/**
 * Files go to the main account, or to the second with `account: 'second'`.
 * @param {any} state @param {{ files?: any[] }} spec @param {(item: any) => string} at
 */
function seed(state, spec, at) {
	for (const item of spec.files ?? []) {
		const id = item.id ?? randomBytes(12).toString('hex');
		const account = item.account === 'second' ? 'second' : 'main';
		state.files[account].set(
			id,
			imageKitFile(account, id, item.name ?? `${id}.png`, item.folder ?? '/', at(item), item.tags),
		);
	}
}

function view(state) {
	return {
		files: [...state.files.main.keys()],
		secondAccountFiles: [...state.files.second.keys()],
		purges: [...state.purges.values()].map(({ url }) => url),
	};
}

/** ImageKit's 429 names no wait: its X-RateLimit-* headers, on every answer, say it. */
function refuseRate(call) {
	return send(call.res, 429, { message: 'Too many requests' });
}

function rateHeaders(res, lanes) {
	const [own] = lanes;
	if (!own) return;
	res.setHeader('X-RateLimit-Limit', String(own.limits.limit));
	res.setHeader('X-RateLimit-Reset', String(Math.max(0, own.resetAt - Date.now())));
	res.setHeader('X-RateLimit-Interval', String(own.limits.windowMs));
}

/** A file as ImageKit describes it: its URL is the account's URL endpoint, then its path. */
function imageKitFile(account, fileId, name, folder, createdAt, tags) {
	const filePath = `${folder.replace(/\/+$/, '')}/${name}`;
	const { endpoint } = ACCOUNTS[account];
	const encodedPath = filePath.split('/').map(encodeURIComponent).join('/');
	return {
		fileId,
		type: 'file',
		name,
		filePath,
		url: `${endpoint}${encodedPath}`,
		thumbnail: `${endpoint}/tr:n-ik_ml_thumbnail${encodedPath}`,
		fileType: 'image',
		mime: 'image/png',
		height: 512,
		width: 512,
		size: 1024,
		tags: tags ?? null,
		isPrivateFile: false,
		createdAt,
		updatedAt: createdAt,
	};
}

/** The account whose private key the request carries, or the refusal: `[status, message]`. */
function imagekitAuth(req) {
	const authorization = req.headers.authorization ?? '';
	if (!authorization.startsWith('Basic ')) return { refused: [401, WORDS.imagekit.noKey] };
	const [user] = Buffer.from(authorization.slice(6), 'base64').toString().split(':');
	const account = Object.keys(ACCOUNTS).find((name) => ACCOUNTS[name].privateKey === user);
	return account ? { account } : { refused: [403, WORDS.imagekit.badKey] };
}

async function imagekitRoutes(call) {
	const { res, method, sandbox, body } = call;
	const { account, refused } = imagekitAuth(call.req);
	if (refused)
		return send(res, refused[0], {
			message: refused[1],
			help: 'For support kindly contact us at support@imagekit.io .',
		});
	const files = sandbox.state.imagekit.files[account];
	const segments = splitPath(call.path);
	if (!segments || segments[0] !== 'v1' || segments[1] !== 'files')
		return send(res, 404, { message: 'Not found' });

	if (segments.length === 2 && method === 'GET') return imagekitList(call, files);
	if (segments[2] === 'batch' && segments[3] === 'deleteByFileIds' && method === 'POST') {
		return imagekitBatchDelete(call, files, body.json?.fileIds);
	}
	if (segments[2] === 'purge') {
		const purges = sandbox.state.imagekit.purges;
		if (segments.length === 3 && method === 'POST') {
			if (!body.json?.url) return send(res, 400, { message: 'url is required' });
			const requestId = randomBytes(12).toString('hex');
			purges.set(requestId, { url: body.json.url, polls: 0 });
			return send(res, 201, { requestId });
		}
		if (segments.length === 4 && method === 'GET') {
			const purge = purges.get(segments[3]);
			if (!purge) return send(res, 404, { message: 'The requested purge request does not exist.' });
			return send(res, 200, { status: ++purge.polls > 1 ? 'Completed' : 'Pending' });
		}
	}
	if (segments.length === 4 && segments[3] === 'details' && method === 'GET') {
		const file = files.get(segments[2]);
		return file
			? send(res, 200, file)
			: send(res, 404, { message: WORDS.imagekit.notFound, help: '' });
	}
	if (segments.length === 3 && method === 'DELETE') {
		const id = segments[2];
		if (!id.trim())
			return send(res, 400, {
				message: WORDS.imagekit.invalidFileId,
				help: '',
			});
		if (!files.has(id))
			return send(res, 404, {
				message: WORDS.imagekit.notFound,
				help: 'For support kindly contact us at support@imagekit.io .',
			});
		files.delete(id);
		countDelete(sandbox, 'imagekit', id);
		res.writeHead(204);
		return res.end();
	}
	return send(res, 404, { message: 'Not found' });
}

function imagekitList(call, files) {
	const limit = Math.min(Math.max(Number(call.query.get('limit') ?? 1000), 1), 1000);
	const skip = Math.max(Number(call.query.get('skip') ?? 0), 0);
	const path = call.query.get('path');
	const fileType = call.query.get('fileType');
	const search = call.query.get('searchQuery');
	let list = [...files.values()];
	if (path)
		list = list.filter((file) => file.filePath.startsWith(path.endsWith('/') ? path : `${path}/`));
	if (fileType && fileType !== 'all') list = list.filter((file) => file.fileType === fileType);
	if (search) list = list.filter(searchFilter(search));
	list.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.fileId.localeCompare(b.fileId));
	return send(call.res, 200, list.slice(skip, skip + limit));
}

/**
 * Supports what the node and the examples use: `createdAt < "<ISO>"` / `createdAt > "<ISO>"`,
 * `name = "<x>"` (exact) and `name : "<x>"` (begins with, case aside).
 */
function searchFilter(query) {
	const match = /^\s*(createdAt|updatedAt|name)\s*(<=|>=|<|>|=|:)\s*"([^"]*)"\s*$/.exec(query);
	if (!match) return () => true;
	const [, field, op, value] = match;
	if (op === ':') return (file) => file.name.toLowerCase().startsWith(value.toLowerCase());
	return (file) => {
		const left = field === 'name' ? file.name : Date.parse(file[field]);
		const right = field === 'name' ? value : Date.parse(value);
		return op === '<'
			? left < right
			: op === '>'
				? left > right
				: op === '<='
					? left <= right
					: op === '>='
						? left >= right
						: left === right;
	};
}

function imagekitBatchDelete(call, files, fileIds) {
	const { res, sandbox } = call;
	if (!Array.isArray(fileIds) || fileIds.length === 0)
		return send(res, 400, { message: 'fileIds is required' });
	if (fileIds.length > 100)
		return send(res, 400, { message: 'A maximum of 100 fileIds can be deleted at once.' });
	const missing = fileIds.filter((id) => !files.has(id));
	if (missing.length > 0 && !sandbox.knobs.imagekitBatchDeletesOnMissing) {
		return send(res, 404, {
			message: WORDS.imagekit.batchNotFound,
			missingFileIds: missing,
		});
	}
	const deleted = [];
	for (const id of fileIds) {
		if (files.delete(id)) {
			deleted.push(id);
			countDelete(sandbox, 'imagekit', id);
		}
	}
	if (missing.length > 0)
		return send(res, 404, {
			message: WORDS.imagekit.batchNotFound,
			missingFileIds: missing,
		});
	return send(res, 200, { successfullyDeletedFileIds: deleted });
}

async function imagekitUpload(call) {
	const { res, sandbox } = call;
	const { account, refused } = imagekitAuth(call.req);
	if (refused) return send(res, refused[0], { message: refused[1], help: '' });
	if (call.path !== '/api/v1/files/upload' || call.method !== 'POST')
		return send(res, 404, { message: 'Not found' });
	const parts = parseMultipart(call.req.headers['content-type'], call.body.raw);
	const fileName = parts.fields.fileName;
	if (!fileName)
		return send(res, 400, { message: 'Missing fileName parameter for upload', help: '' });
	if (!parts.files.file && !parts.fields.file)
		return send(res, 400, { message: 'Missing file parameter for upload', help: '' });
	const useUnique = parts.fields.useUniqueFileName !== 'false';
	const name = useUnique
		? fileName.replace(/(\.[^.]*)?$/, (ext) => `_${randomBytes(4).toString('hex')}${ext ?? ''}`)
		: fileName;
	const id = randomBytes(12).toString('hex');
	const tags = parts.fields.tags
		? parts.fields.tags
				.split(',')
				.map((tag) => tag.trim())
				.filter(Boolean)
		: null;
	const folder = parts.fields.folder || '/';
	const file = imageKitFile(account, id, name, folder, new Date().toISOString(), tags);
	file.isPrivateFile = parts.fields.isPrivateFile === 'true';
	sandbox.state.imagekit.files[account].set(id, file);
	return send(res, 200, uploadAnswer(file));
}

/** An upload is answered in its own shape (ImageKit's `Upload`), not in the details shape. */
function uploadAnswer(file) {
	const {
		thumbnail,
		mime: _mime,
		type: _type,
		createdAt: _created,
		updatedAt: _updated,
		...rest
	} = file;
	return {
		...rest,
		thumbnailUrl: thumbnail,
		versionInfo: { id: `${file.fileId}-v1`, name: 'Version 1' },
	};
}

module.exports = {
	emptyState,
	seed,
	view,
	routes: [
		{
			prefix: '/imagekit-upload',
			provider: 'imagekit-upload',
			handler: imagekitUpload,
			refuseRate,
		},
		{ prefix: '/imagekit', provider: 'imagekit', handler: imagekitRoutes, refuseRate, rateHeaders },
	],
};
