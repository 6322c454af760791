// Imported first by tests that scan n8n's logs: n8n reads its log level when it first logs.
process.env.N8N_LOG_LEVEL = 'debug';
process.env.N8N_LOG_OUTPUT = 'console';
