# The loopback registry: distribution (Debian's docker-registry) on 127.0.0.1:5443 under the name
# registry.crossarch.test, with TLS (docker-build's Index reads back over HTTPS only) from a CA made
# here and trusted system-wide, and htpasswd credentials.

registry_tls() {
  local d="$REGISTRY_DIR"
  if [ ! -s "$d/server.crt" ]; then
    log "making a CA and a certificate for $REGISTRY_HOST"
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=crossarch local registry CA" -keyout "$d/ca.key" -out "$d/ca.crt" 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj "/CN=$REGISTRY_HOST" -keyout "$d/server.key" -out "$d/server.csr" 2>/dev/null
    printf 'subjectAltName=DNS:%s,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n' "$REGISTRY_HOST" >"$d/ext.cnf"
    openssl x509 -req -in "$d/server.csr" -CA "$d/ca.crt" -CAkey "$d/ca.key" -CAcreateserial -days 3650 -extfile "$d/ext.cnf" -out "$d/server.crt" 2>/dev/null
    chmod 600 "$d/ca.key" "$d/server.key"
  fi
  if ! cmp -s "$d/ca.crt" /usr/local/share/ca-certificates/crossarch-registry-ca.crt; then
    cp "$d/ca.crt" /usr/local/share/ca-certificates/crossarch-registry-ca.crt
    update-ca-certificates >/dev/null 2>&1
  fi
  # dockerd may have loaded the system pool before the CA was added: give it the CA per registry too
  mkdir -p "/etc/docker/certs.d/$REGISTRY"
  cp "$d/ca.crt" "/etc/docker/certs.d/$REGISTRY/ca.crt"
  grep -q " $REGISTRY_HOST\$" /etc/hosts || echo "127.0.0.1 $REGISTRY_HOST" >>/etc/hosts
}

registry_credentials() {
  local d="$REGISTRY_DIR"
  if [ ! -s "$d/password" ]; then
    (umask 077 && openssl rand -hex 24 >"$d/password")
    htpasswd -Bbn crossarch "$(cat "$d/password")" >"$d/htpasswd"
  fi
  # Docker-style auth for buildctl and the engine (DOCKER_CONFIG points here).
  mkdir -p "$CACHE/docker-config"
  (umask 077 && printf '{"auths":{"%s":{"auth":"%s"}}}\n' "$REGISTRY" "$(printf 'crossarch:%s' "$(cat "$d/password")" | base64 -w0)" >"$CACHE/docker-config/config.json")
}

registry_up() { [ "$(curl -s --max-time 2 -o /dev/null -w '%{http_code}' "https://$REGISTRY/v2/")" = 401 ]; }

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
