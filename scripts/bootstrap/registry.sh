# The loopback registry: distribution (Debian's docker-registry) on 127.0.0.1:5443 under the name
# registry.crossarch.test, with TLS (docker-build's Index reads back over HTTPS only) and htpasswd
# credentials. Its CA is name-constrained to that name and 127.0.0.1, so it can vouch for nothing
# else, and is trusted per tool, never system-wide: Docker's certs.d, BuildKit's `ca`, curl's
# --cacert, NODE_EXTRA_CA_CERTS for Node and SSL_CERT_DIR for the Go tools (env.sh).

# The CA is valid for the registry's name and address only (X.509 name constraints).
ca_is_constrained() { openssl x509 -in "$1" -noout -ext nameConstraints 2>/dev/null | grep -q "DNS:$REGISTRY_HOST"; }

registry_tls() {
  local d="$REGISTRY_DIR"
  if [ -s "$d/ca.crt" ] && ! ca_is_constrained "$d/ca.crt"; then
    log "replacing the registry CA of an earlier bootstrap with a name-constrained one"
    rm -f "$d/ca.crt" "$d/ca.key" "$d/server.crt" "$d/server.key"
    pkill -f "docker-registry serve" || true
    pkill -x buildkitd || true # it reads the CA when it starts
  fi
  # an earlier bootstrap put the CA in the system store: take it out
  if [ -f /usr/local/share/ca-certificates/crossarch-registry-ca.crt ]; then
    rm -f /usr/local/share/ca-certificates/crossarch-registry-ca.crt
    update-ca-certificates --fresh >/dev/null 2>&1
  fi
  if [ ! -s "$d/server.crt" ]; then
    log "making a name-constrained CA and a certificate for $REGISTRY_HOST"
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=crossarch local registry CA" -addext "basicConstraints=critical,CA:TRUE,pathlen:0" \
      -addext "keyUsage=critical,keyCertSign,cRLSign" -addext "nameConstraints=critical,permitted;DNS:$REGISTRY_HOST,permitted;IP:127.0.0.1/255.255.255.255" \
      -keyout "$d/ca.key" -out "$d/ca.crt" 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj "/CN=$REGISTRY_HOST" -keyout "$d/server.key" -out "$d/server.csr" 2>/dev/null
    printf 'subjectAltName=DNS:%s,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n' "$REGISTRY_HOST" >"$d/ext.cnf"
    openssl x509 -req -in "$d/server.csr" -CA "$d/ca.crt" -CAkey "$d/ca.key" -CAcreateserial -days 3650 -extfile "$d/ext.cnf" -out "$d/server.crt" 2>/dev/null
    chmod 600 "$d/ca.key" "$d/server.key"
  fi
  # the Go tools (pulumi, its providers) read SSL_CERT_DIR: the system's certificates and this CA
  mkdir -p "$d/trust"
  cp "$d/ca.crt" "$d/trust/crossarch-registry-ca.crt"
  mkdir -p "/etc/docker/certs.d/$REGISTRY"
  cp "$d/ca.crt" "/etc/docker/certs.d/$REGISTRY/ca.crt"
  grep -q " $REGISTRY_HOST\$" /etc/hosts || echo "127.0.0.1 $REGISTRY_HOST" >>/etc/hosts
}

registry_credentials() {
  local d="$REGISTRY_DIR"
  if [ ! -s "$d/password" ]; then
    (umask 077 && openssl rand -hex 24 >"$d/password")
    htpasswd -Bin crossarch <"$d/password" >"$d/htpasswd" # the password on stdin, never on a command line
  fi
  # Docker-style auth for buildctl and the engine (DOCKER_CONFIG points here).
  mkdir -p "$CACHE/docker-config"
  (umask 077 && printf '{"auths":{"%s":{"auth":"%s"}}}\n' "$REGISTRY" "$(printf 'crossarch:%s' "$(cat "$d/password")" | base64 -w0)" >"$CACHE/docker-config/config.json")
}

registry_up() { [ "$(curl -s --cacert "$REGISTRY_DIR/ca.crt" --max-time 2 -o /dev/null -w '%{http_code}' "https://$REGISTRY/v2/")" = 401 ]; }

start_registry() {
  registry_tls
  registry_credentials
  cat >"$REGISTRY_DIR/config.yml" <<YML
version: 0.1
storage:
  filesystem:
    rootdirectory: /var/lib/crossarch-registry
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$REGISTRY_PORT
  tls:
    certificate: $REGISTRY_DIR/server.crt
    key: $REGISTRY_DIR/server.key
auth:
  htpasswd:
    realm: crossarch
    path: $REGISTRY_DIR/htpasswd
YML
  if registry_up; then return 0; fi
  start_daemon registry /var/log/crossarch-registry.log /usr/bin/docker-registry serve "$REGISTRY_DIR/config.yml"
  wait_for "registry on $REGISTRY" 30 registry_up
}

# The release registry: the same TLS name and certificate on another port, its own storage and
# its own login (user `release`), so a release stack proves a push to a registry that is not a
# target's and needs credentials of its own.
release_registry_up() { [ "$(curl -s --cacert "$REGISTRY_DIR/ca.crt" --max-time 2 -o /dev/null -w '%{http_code}' "https://$RELEASE_REGISTRY/v2/")" = 401 ]; }

start_release_registry() {
  local d="$RELEASE_REGISTRY_DIR"
  if [ ! -s "$d/password" ]; then
    (umask 077 && openssl rand -hex 24 >"$d/password")
    htpasswd -Bin release <"$d/password" >"$d/htpasswd"
  fi
  cat >"$d/config.yml" <<YML
version: 0.1
storage:
  filesystem:
    rootdirectory: /var/lib/crossarch-release-registry
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$RELEASE_REGISTRY_PORT
  tls:
    certificate: $REGISTRY_DIR/server.crt
    key: $REGISTRY_DIR/server.key
auth:
  htpasswd:
    realm: crossarch-release
    path: $d/htpasswd
YML
  if release_registry_up; then return 0; fi
  start_daemon release-registry /var/log/crossarch-release-registry.log /usr/bin/docker-registry serve "$d/config.yml"
  wait_for "release registry on $RELEASE_REGISTRY" 30 release_registry_up
}
