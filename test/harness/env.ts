// n8n's own logger stays quiet in tests unless a test asks for its logs (see captureLogs.ts).
process.env.N8N_LOG_LEVEL ??= 'silent';
