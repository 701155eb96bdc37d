/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nstrack - the NAT of "connect --nat": one nftables table of nstrack's
 * own ("nstrack", family ip) in the caller's network namespace, built and
 * taken apart over netlink with libnftnl.
 *
 * Each connected subnet has one rule in its "postrouting" nat chain,
 * masquerading what leaves from that subnet through any device but its
 * bridge, and carrying a comment "nstrack connect NS" that tells which
 * connection added it.  The table goes when its last rule does.
 */
#ifndef NSTRACK_NFT_H
#define NSTRACK_NFT_H

#include <stdbool.h>
#include <stdint.h>

#define NSTRACK_NFT_TABLE	"nstrack"
#define NSTRACK_NFT_CHAIN	"postrouting"

/*
 * Masquerade IPv4 packets from net/prefix (network byte order) leaving
 * through any device but bridge, tagged for the namespace ns.  Also turns
 * IPv4 forwarding on; if it was off, the table remembers that, so that
 * removing the last rule turns it off again.  0, or -errno after one
 * error line.
 */
int nstrack_nft_masquerade_add(const char *ns, uint32_t net, uint8_t prefix,
			       const char *bridge);

/*
 * Remove the rules tagged for ns (and the table once it is empty, putting
 * forwarding back as it was).  Returns the number of rules removed, or
 * -errno after one error line.  No table is not an error.
 */
int nstrack_nft_masquerade_del(const char *ns);

/* The comment of ns's rules: "nstrack connect NS". */
void nstrack_nft_tag(char *buf, size_t len, const char *ns);

#endif /* NSTRACK_NFT_H */
