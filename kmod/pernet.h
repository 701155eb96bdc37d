/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NSTRACK_PERNET_H
#define _NSTRACK_PERNET_H

int nstrack_pernet_init(void);
void nstrack_pernet_exit(void);

#endif /* _NSTRACK_PERNET_H */
