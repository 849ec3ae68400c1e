# Loopback only, whatever the app binds: an nftables rule drops TCP and UDP to the local stacks'
# port range (components/local/ports (validateLocalPorts)) and to the registry from every interface but
# `lo`. Host networking plus HOST=127.0.0.1 is a convention an app can ignore (a `command` that
# binds 0.0.0.0); this holds anyway. Replaced as a whole on every run.
LOCAL_PORTS="18000-20999"

enforce_loopback() {
  nft -f - <<NFT || die "could not install the nftables rule that keeps the stacks' ports on loopback"
table inet crossarch
delete table inet crossarch
table inet crossarch {
  chain input {
    type filter hook input priority filter; policy accept;
    iifname != "lo" tcp dport { $REGISTRY_PORT, $RELEASE_REGISTRY_PORT, $LOCAL_PORTS } counter drop comment "crossarch: loopback only"
    iifname != "lo" udp dport $LOCAL_PORTS counter drop comment "crossarch: loopback only"
  }
}
NFT
}
