// @ts-check
'use strict';
/**
 * ImageKit, imitated: files (list, details, delete, batch delete), purges, and the upload host;
 * two accounts, each with its own key, URL endpoint and files.
 */
const { randomBytes } = require('node:crypto');

const {
	KEYS,
	countDelete,
	originOf,
	parseMultipart,
	seededBytes,
	send,
	sendFile,
	sendRaw,
	splitPath,
	standInPng,
} = require('./core');
const { SANDBOX_ACCOUNTS, WORDS } = require('../test/fixtures/providers');

/**
 * Two accounts, as two private keys: each has its own URL endpoint (the start of its files'
 * URLs) and sees only its own files. `main` is the one the sandbox credential uses.
 */
const ACCOUNTS = {
	main: { privateKey: KEYS.imagekit, endpoint: SANDBOX_ACCOUNTS.imagekitEndpoint },
	second: { privateKey: KEYS.imagekitSecond, endpoint: SANDBOX_ACCOUNTS.imagekitSecondEndpoint },
};

/**
 * Where the sandbox serves files itself, with knob `imagekitFilesOnSandbox`: each account's URL
 * endpoint becomes `<sandbox>/imagekit-files/<its ImageKit ID>` (`…/imagekit-files/sandbox`).
 */
const FILE_HOST = '/imagekit-files';

function emptyState() {
	return {
		/** Each account's files by id. @type {Record<string, Map<string, any>>} */
		files: { main: new Map(), second: new Map() },
		/**
		 * Each account's folders by path (`/shop`, `/shop/old`): made by the files seeded or uploaded
		 * into them (each folder of the path, at the first file's time), or seeded on their own.
		 * Deleting files leaves them, as at ImageKit. @type {Record<string, Map<string, any>>}
		 */
		folders: { main: new Map(), second: new Map() },
		/** @type {Map<string, any>} */ purges: new Map(),
	};
}

/**
 * Files go to the main account, or to the second with `account: 'second'`; their folders come with
 * them. `folders` seeds folders alone: `{ path, ageDays?, account? }` (or a path).
 * @param {any} state @param {{ files?: any[], folders?: any[] }} spec @param {(item: any) => string} at
 */
function seed(state, spec, at) {
	for (const item of spec.folders ?? []) {
		const folder = typeof item === 'string' ? { path: item } : item;
		const account = folder.account === 'second' ? 'second' : 'main';
		ensureFolders(state, account, folder.path, at(folder));
	}
	for (const item of spec.files ?? []) {
		const id = item.id ?? randomBytes(12).toString('hex');
		const account = item.account === 'second' ? 'second' : 'main';
		const file = imageKitFile(
			account,
			id,
			item.name ?? `${id}.png`,
			folderPathOf(item.folder ?? '/'),
			at(item),
			item.tags,
		);
		const bytes = seededBytes(item.bytes);
		if (bytes) keepBytes(file, bytes);
		if (item.size !== undefined) file.size = item.size;
		if (item.private) file.isPrivateFile = true;
		state.files[account].set(id, file);
		ensureFolders(state, account, item.folder ?? '/', file.createdAt);
	}
}

/** A folder path as ImageKit writes it: `/a/b`, or `/` for the root. */
function folderPathOf(text) {
	const inner = String(text ?? '')
		.split('/')
		.filter(Boolean)
		.join('/');
	return `/${inner}`;
}

/**
 * Every folder of `path` (`/a/b`: `/a` and `/a/b`) exists from `createdAt` on, or from earlier if it
 * was already there. A folder entry has the SDK's `Folder` shape: no `fileId`, no `url`.
 */
function ensureFolders(state, account, path, createdAt) {
	const names = folderPathOf(path).split('/').filter(Boolean);
	const folders = state.folders[account];
	names.forEach((name, index) => {
		const folderPath = `/${names.slice(0, index + 1).join('/')}`;
		const known = folders.get(folderPath);
		if (known) {
			if (createdAt < known.createdAt) known.createdAt = createdAt;
			return;
		}
		folders.set(folderPath, {
			type: 'folder',
			folderId: randomBytes(12).toString('hex'),
			name,
			folderPath,
			customMetadata: {},
			createdAt,
			updatedAt: createdAt,
		});
	});
}

function view(state) {
	return {
		files: [...state.files.main.keys()],
		secondAccountFiles: [...state.files.second.keys()],
		folders: [...state.folders.main.keys()],
		purges: [...state.purges.values()].map(({ url }) => url),
	};
}

/** ImageKit's 429 names no wait: its X-RateLimit-* headers, on every answer, say it. */
function refuseRate(call) {
	return send(call.res, 429, { message: 'Too many requests' });
}

/** The endpoint's own limit, interval and wait (ms), on every answer of that endpoint. */
function rateHeaders(res, lanes) {
	const [own] = lanes;
	if (!own) return;
	res.setHeader('X-RateLimit-Limit', String(own.limits.limit));
	res.setHeader('X-RateLimit-Reset', String(Math.max(0, own.resetAt - Date.now())));
	res.setHeader('X-RateLimit-Interval', String(own.limits.windowMs));
}

/** Which endpoint a request is: each has its own window ("Every endpoint can have different limits"). */
const ENDPOINT_LANES = [
	['GET', /^\/v1\/files\/?$/, 'imagekitList'],
	['GET', /^\/v1\/files\/purge\/[^/]+\/?$/, 'imagekitPurgeStatus'],
	['POST', /^\/v1\/files\/purge\/?$/, 'imagekitPurge'],
	['POST', /^\/v1\/files\/batch\/deleteByFileIds\/?$/, 'imagekitBatchDelete'],
	['GET', /^\/v1\/files\/[^/]+\/details\/?$/, 'imagekitDetails'],
	['DELETE', /^\/v1\/files\/[^/]+\/?$/, 'imagekitDelete'],
];

/**
 * One lane per endpoint, limited by its own `rateLimits` entry (`imagekitPurge`, …) or else by
 * `rateLimits.imagekit`: endpoints never share a window.
 */
function rateLanes(call, rateLimits) {
	const found = ENDPOINT_LANES.find(
		([method, pattern]) => method === call.method && pattern.test(call.path),
	);
	const lane = found ? found[2] : 'imagekitOther';
	return [{ lane, limits: lane in rateLimits ? rateLimits[lane] : rateLimits.imagekit }];
}

/** A file's own bytes (seeded or uploaded), kept out of its JSON; its size is theirs. */
function keepBytes(file, bytes) {
	Object.defineProperty(file, 'bytes', { value: bytes, enumerable: false });
	file.size = bytes.length;
}

/**
 * What the file host serves for a file: its own bytes, or a stand-in PNG as long as its size (the
 * sandbox's `mime` is `image/png` whatever the name).
 */
function bytesOf(file) {
	return file.bytes ?? standInPng(file.fileId, file.size);
}

/** What the control API's `file()` reads: a file of either account, by its fileId. */
function fileBytes(state, id) {
	const file = state.files.main.get(id) ?? state.files.second.get(id);
	return file ? bytesOf(file) : undefined;
}

/**
 * A file (or folder) as an answer gives it: with knob `imagekitFilesOnSandbox`, its `url` and
 * `thumbnail` are on the sandbox's file host instead of the account's ImageKit URL endpoint.
 */
function answered(call, account, entry) {
	if (!call.sandbox.knobs.imagekitFilesOnSandbox || entry.type !== 'file') return entry;
	const from = ACCOUNTS[account].endpoint;
	const to = `${originOf(call.req)}${FILE_HOST}${new URL(from).pathname}`;
	const moved = (/** @type {string} */ url) =>
		url.startsWith(`${from}/`) ? `${to}${url.slice(from.length)}` : url;
	return { ...entry, url: moved(entry.url), thumbnail: moved(entry.thumbnail) };
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

	if (segments.length === 2 && method === 'GET')
		return imagekitList(call, account, files, sandbox.state.imagekit.folders[account]);
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
			? send(res, 200, answered(call, account, file))
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

const HELP = 'For support kindly contact us at support@imagekit.io .';

/** ImageKit's own words for a bad list parameter (provider-specs/imagekit.trimmed.json, 400). */
function badListParameter(call, message) {
	return send(call.res, 400, { message, help: HELP });
}

const SORTS = {
	NAME: (entry) => entry.name,
	CREATED: (entry) => entry.createdAt,
	UPDATED: (entry) => entry.updatedAt,
	HEIGHT: (entry) => entry.height,
	WIDTH: (entry) => entry.width,
	SIZE: (entry) => entry.size,
	RELEVANCE: (entry) => entry.createdAt,
};

/**
 * List and search assets (`GET /v1/files`), as ImageKit documents it (sandbox/RULES.md):
 * - `type` (default `file`) picks files, folders or both — unless `searchQuery` is set: then
 *   `type` has no effect, and whatever the query matches comes back, folders included, in the
 *   SDK's `Folder` shape (`type: "folder"`, `folderId`, no `fileId`);
 * - `path` lists that folder only, one level: not its subfolders' files;
 * - a `searchQuery` the sandbox cannot read is refused with 400 (ImageKit refuses invalid
 *   parameters with 400 and a `message`): never answered with everything;
 * - `sort` (default `ASC_CREATED`), `skip`, `limit` (1 to 1,000) as the spec says.
 */
function imagekitList(call, account, files, folders) {
	const query = call.query;
	const limitText = query.get('limit') ?? '1000';
	const limit = Number(limitText);
	if (!Number.isInteger(limit) || limit < 1)
		return badListParameter(
			call,
			`Minimum value of limit parameter is 1. Value sent is ${limitText}.`,
		);
	if (limit > 1000)
		return badListParameter(
			call,
			`Maximum value of limit parameter is 1000. Value sent is ${limitText}.`,
		);
	const skipText = query.get('skip') ?? '0';
	const skip = Number(skipText);
	if (!Number.isInteger(skip) || skip < 0)
		return badListParameter(
			call,
			`The value of skip parameter should be greater than or equal to 0. Value sent is ${skipText}.`,
		);
	const sort = query.get('sort') ?? 'ASC_CREATED';
	const sortMatch = /^(ASC|DESC)_(NAME|CREATED|UPDATED|HEIGHT|WIDTH|SIZE|RELEVANCE)$/.exec(sort);
	if (!sortMatch)
		return badListParameter(call, 'Your request contains invalid value for sort parameters.');
	const type = query.get('type') ?? 'file';
	if (!['file', 'file-version', 'folder', 'all'].includes(type))
		return badListParameter(
			call,
			'Your request contains invalid value for type parameter. Please provide one of the following: file, file-version, folder, all.',
		);
	const search = query.get('searchQuery');
	let matches = () => true;
	if (search) {
		try {
			matches = compileSearch(search);
		} catch (error) {
			return badListParameter(
				call,
				`Your request contains invalid syntax for the searchQuery parameter: ${/** @type {Error} */ (error).message}.`,
			);
		}
	}

	let list = [...files.values(), ...folders.values()];
	// With a searchQuery, `type` has no effect (ImageKit: "the following query parameters will have
	// no effect on the result: tags, type, name"); there are no file versions here.
	if (!search)
		list = list.filter((entry) =>
			type === 'all' ? true : type === 'file-version' ? false : entry.type === type,
		);
	const path = query.get('path');
	if (path) {
		const folder = folderPathOf(path);
		list = list.filter((entry) => parentOf(entry) === folder);
	}
	const fileType = query.get('fileType');
	if (fileType && fileType !== 'all')
		list = list.filter(
			(entry) =>
				entry.type === 'folder' ||
				(fileType === 'image' ? entry.fileType === 'image' : entry.fileType !== 'image'),
		);
	list = list.filter(matches);
	const [, direction, field] = sortMatch;
	const key = SORTS[field];
	const sign = direction === 'ASC' ? 1 : -1;
	list.sort((a, b) => {
		const left = key(a);
		const right = key(b);
		if (left === undefined || right === undefined) {
			if (left !== right) return left === undefined ? 1 : -1;
		} else if (left < right) return -sign;
		else if (left > right) return sign;
		return (a.fileId ?? a.folderId).localeCompare(b.fileId ?? b.folderId);
	});
	return send(
		call.res,
		200,
		list.slice(skip, skip + limit).map((entry) => answered(call, account, entry)),
	);
}

/** The folder an entry is in: `/` for the root. */
function parentOf(entry) {
	const path = entry.type === 'folder' ? entry.folderPath : entry.filePath;
	return folderPathOf(path.slice(0, path.lastIndexOf('/')));
}

/**
 * ImageKit's Lucene-like search language, the part of it the sandbox knows: conditions on `name`,
 * `type`, `createdAt`, `updatedAt`, `size`, `width`, `height`, `tags`, `format` and `private` with
 * the operators ImageKit lists for each, joined by AND / OR and grouped with parentheses. Anything
 * else throws, and the list answers 400: a query the sandbox cannot read never matches everything.
 * @returns {(entry: any) => boolean}
 */
function compileSearch(query) {
	const tokens = tokenize(query);
	let at = 0;
	const peek = () => tokens[at];
	const next = () => tokens[at++];
	const keyword = (word) =>
		peek()?.kind === 'word' && peek().text.toUpperCase() === word ? (at++, true) : false;
	const expect = (kind, text) => {
		const token = next();
		if (!token || token.kind !== kind || (text !== undefined && token.text !== text))
			throw new Error(
				`expected ${text ?? kind} ${token ? `before "${token.text}"` : 'at the end'}`,
			);
		return token;
	};

	const orExpression = () => {
		const parts = [andExpression()];
		while (keyword('OR')) parts.push(andExpression());
		return parts.length === 1 ? parts[0] : (entry) => parts.some((part) => part(entry));
	};
	const andExpression = () => {
		const parts = [factor()];
		while (keyword('AND')) parts.push(factor());
		return parts.length === 1 ? parts[0] : (entry) => parts.every((part) => part(entry));
	};
	const factor = () => {
		if (peek()?.kind === 'punct' && peek().text === '(') {
			next();
			const inner = orExpression();
			expect('punct', ')');
			return inner;
		}
		return condition();
	};
	const value = () => {
		const token = next();
		if (!token) throw new Error('a value is missing at the end');
		if (token.kind === 'string' || token.kind === 'word') return token;
		throw new Error(`"${token.text}" is not a value`);
	};
	const condition = () => {
		const fieldToken = next();
		if (!fieldToken || (fieldToken.kind !== 'word' && fieldToken.kind !== 'string'))
			throw new Error(
				`expected a field name ${fieldToken ? `before "${fieldToken.text}"` : 'at the end'}`,
			);
		const field = FIELDS[fieldToken.text];
		if (!field) throw new Error(`the field "${fieldToken.text}" is not supported`);
		let operator;
		if (keyword('NOT')) {
			if (keyword('IN')) operator = 'NOT IN';
			else {
				expect('op', '=');
				operator = 'NOT =';
			}
		} else if (keyword('IN')) operator = 'IN';
		else operator = expect('op').text;
		if (!field.operators.includes(operator))
			throw new Error(`${fieldToken.text} does not take the operator ${operator}`);
		if (operator === 'IN' || operator === 'NOT IN') {
			expect('punct', '[');
			const values = [field.read(value())];
			while (peek()?.kind === 'punct' && peek().text === ',') {
				next();
				values.push(field.read(value()));
			}
			expect('punct', ']');
			const inList = (entry) => field.among(entry, values);
			return operator === 'IN' ? inList : (entry) => !inList(entry);
		}
		const wanted = field.read(value());
		const test = (entry) => field.compare(entry, operator === 'NOT =' ? '=' : operator, wanted);
		return operator === 'NOT =' ? (entry) => !test(entry) : test;
	};

	const matcher = orExpression();
	if (at < tokens.length) throw new Error(`unexpected "${tokens[at].text}"`);
	return (entry) => Boolean(matcher(entry));
}

/** Strings in double quotes (with `\"` and `\\`), operators, brackets, and bare words. */
function tokenize(query) {
	const tokens = [];
	let i = 0;
	while (i < query.length) {
		const char = query[i];
		if (/\s/.test(char)) {
			i++;
		} else if (char === '"') {
			let text = '';
			i++;
			for (;;) {
				if (i >= query.length) throw new Error('a quoted value is not closed');
				if (query[i] === '\\' && i + 1 < query.length) {
					text += query[i + 1];
					i += 2;
				} else if (query[i] === '"') {
					i++;
					break;
				} else text += query[i++];
			}
			tokens.push({ kind: 'string', text });
		} else if (char === '<' || char === '>') {
			const text = query[i + 1] === '=' ? `${char}=` : char;
			tokens.push({ kind: 'op', text });
			i += text.length;
		} else if (char === '=' || char === ':') {
			tokens.push({ kind: 'op', text: char });
			i++;
		} else if ('()[],'.includes(char)) {
			tokens.push({ kind: 'punct', text: char });
			i++;
		} else {
			const word = /^[^\s()[\],=:<>"]+/.exec(query.slice(i))?.[0];
			if (!word) throw new Error(`unexpected "${char}"`);
			tokens.push({ kind: 'word', text: word });
			i += word.length;
		}
	}
	if (tokens.length === 0) throw new Error('the query is empty');
	return tokens;
}

const EQUALITY = ['=', 'IN', 'NOT =', 'NOT IN'];
const ORDERED = ['=', '<', '<=', '>', '>=', 'IN', 'NOT =', 'NOT IN'];

function order(left, operator, right) {
	if (left === undefined || left === null) return false;
	switch (operator) {
		case '<':
			return left < right;
		case '<=':
			return left <= right;
		case '>':
			return left > right;
		case '>=':
			return left >= right;
		default:
			return left === right;
	}
}

/** A text value must be quoted ("Accepts a string value in quotes"). */
function quotedText(token) {
	if (token.kind !== 'string') throw new Error(`the value ${token.text} must be in double quotes`);
	return token.text;
}

/** ISO 8601 (a date alone is 00:00 UTC; no zone is UTC) or a time ago: `1h`, `2d`, `3w`, `4m`, `1y`. */
function readTime(token) {
	const text = token.text.trim();
	const relative = /^(\d+)([hdwmy])$/.exec(text);
	if (relative) {
		const amount = Number(relative[1]);
		const when = new Date();
		if (relative[2] === 'h') when.setUTCHours(when.getUTCHours() - amount);
		if (relative[2] === 'd') when.setUTCDate(when.getUTCDate() - amount);
		if (relative[2] === 'w') when.setUTCDate(when.getUTCDate() - 7 * amount);
		if (relative[2] === 'm') when.setUTCMonth(when.getUTCMonth() - amount);
		if (relative[2] === 'y') when.setUTCFullYear(when.getUTCFullYear() - amount);
		return when.getTime();
	}
	const iso = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(text);
	if (!iso) throw new Error(`"${text}" is not a date`);
	const zoned =
		iso[1] === undefined ? `${text}T00:00:00Z` : iso[4] === undefined ? `${text}Z` : text;
	const time = Date.parse(zoned);
	if (Number.isNaN(time)) throw new Error(`"${text}" is not a date`);
	return time;
}

/** A number, or a size with its unit: `1024`, `"1mb"`, `"10kb"`. */
function readSize(token) {
	const match = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?$/i.exec(token.text.trim());
	if (!match) throw new Error(`"${token.text}" is not a size`);
	const unit = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 }[(match[2] ?? 'b').toLowerCase()];
	return Number(match[1]) * unit;
}

function readNumber(token) {
	if (token.kind !== 'word' || !/^\d+(\.\d+)?$/.test(token.text))
		throw new Error(`"${token.text}" is not a number`);
	return Number(token.text);
}

function readBoolean(token) {
	if (token.kind !== 'word' || !['true', 'false'].includes(token.text))
		throw new Error(`"${token.text}" is not true or false`);
	return token.text === 'true';
}

/** Per field: its operators (ImageKit's table of supported parameters), how to read a value and compare. */
const FIELDS = {
	name: {
		operators: ['=', ':', 'IN', 'NOT =', 'NOT IN'],
		read: quotedText,
		// The name match is case-sensitive; `:` is "begins with".
		compare: (entry, operator, wanted) =>
			operator === ':' ? entry.name.startsWith(wanted) : entry.name === wanted,
		among: (entry, values) => values.includes(entry.name),
	},
	type: {
		operators: EQUALITY,
		read: (token) => {
			const text = quotedText(token);
			if (!['file', 'file-version', 'folder'].includes(text))
				throw new Error(`type is file, file-version or folder, not "${text}"`);
			return text;
		},
		compare: (entry, _operator, wanted) => entry.type === wanted,
		among: (entry, values) => values.includes(entry.type),
	},
	createdAt: timeField('createdAt'),
	updatedAt: timeField('updatedAt'),
	size: fileNumberField('size', readSize),
	width: fileNumberField('width', readNumber),
	height: fileNumberField('height', readNumber),
	tags: {
		operators: ['IN', 'NOT IN'],
		read: quotedText,
		compare: () => false,
		among: (entry, values) => (entry.tags ?? []).some((tag) => values.includes(tag)),
	},
	format: {
		operators: ['=', 'IN'],
		read: quotedText,
		compare: (entry, _operator, wanted) => formatOf(entry) === wanted,
		among: (entry, values) => values.includes(formatOf(entry)),
	},
	private: {
		operators: ['='],
		read: readBoolean,
		compare: (entry, _operator, wanted) =>
			entry.type !== 'folder' && Boolean(entry.isPrivateFile) === wanted,
		among: () => false,
	},
};

function timeField(name) {
	return {
		operators: ORDERED,
		read: readTime,
		compare: (entry, operator, wanted) => order(Date.parse(entry[name]), operator, wanted),
		among: (entry, values) => values.includes(Date.parse(entry[name])),
	};
}

/** A file's measure: folders have none, and match no condition on it. */
function fileNumberField(name, read) {
	return {
		operators: ORDERED,
		read,
		compare: (entry, operator, wanted) =>
			entry.type !== 'folder' && order(entry[name], operator, wanted),
		among: (entry, values) => entry.type !== 'folder' && values.includes(entry[name]),
	};
}

function formatOf(entry) {
	if (entry.type === 'folder') return undefined;
	return /\.([^.]+)$/.exec(entry.name)?.[1]?.toLowerCase().replace('jpeg', 'jpg');
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
	const folder = folderPathOf(parts.fields.folder || '/');
	const createdAt = new Date().toISOString();
	const file = imageKitFile(account, id, name, folder, createdAt, tags);
	file.isPrivateFile = parts.fields.isPrivateFile === 'true';
	const bytes = receivedBytes(parts);
	if (bytes) keepBytes(file, bytes);
	sandbox.state.imagekit.files[account].set(id, file);
	ensureFolders(sandbox.state.imagekit, account, folder, createdAt);
	return send(res, 200, uploadAnswer(answered(call, account, file)));
}

/**
 * What was received: the bytes of a binary `file` part, or of a base64 `file` field (its size is
 * theirs). A URL is never fetched: its file keeps the sandbox's stand-in size and bytes.
 */
function receivedBytes(parts) {
	if (parts.files.file) return parts.files.file;
	const text = parts.fields.file ?? '';
	if (/^https?:\/\//i.test(text.trim())) return undefined;
	return Buffer.from(text.replace(/^data:[^,]*,/, ''), 'base64');
}

/**
 * The file host (`imagekitFilesOnSandbox`): `GET /imagekit-files/<ImageKit ID>/<file path>`, with
 * or without one `tr:` segment after the ID (served untransformed), any query ignored, no key
 * asked. A private file is refused (ImageKit serves it only through a signed URL); an unknown
 * path is 404.
 */
async function imagekitFileHost(call) {
	const { res, method, sandbox } = call;
	if (method !== 'GET' && method !== 'HEAD') return sendRaw(res, 405, 'Method Not Allowed');
	const [id, ...rest] = splitPath(call.path) ?? [];
	const account = Object.keys(ACCOUNTS).find(
		(name) => new URL(ACCOUNTS[name].endpoint).pathname === `/${id}`,
	);
	const path = rest[0]?.startsWith('tr:') ? rest.slice(1) : rest;
	const filePath = `/${path.join('/')}`;
	const file = account
		? [...sandbox.state.imagekit.files[account].values()].find(
				(candidate) => candidate.filePath === filePath,
			)
		: undefined;
	if (!file) return sendRaw(res, 404, 'Not Found', { 'Content-Type': 'text/plain' });
	if (file.isPrivateFile)
		return sendRaw(res, 401, 'This file is private: it is served through a signed URL only', {
			'Content-Type': 'text/plain',
		});
	return sendFile(res, method, bytesOf(file), file.mime);
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
	fileBytes,
	routes: [
		{
			prefix: '/imagekit-upload',
			provider: 'imagekit-upload',
			handler: imagekitUpload,
			refuseRate,
		},
		// Before `/imagekit`, which its prefix also matches.
		{
			prefix: FILE_HOST,
			provider: 'imagekit-files',
			handler: imagekitFileHost,
			refuseRate,
		},
		{
			prefix: '/imagekit',
			provider: 'imagekit',
			handler: imagekitRoutes,
			refuseRate,
			rateLanes,
			rateHeaders,
		},
	],
};
